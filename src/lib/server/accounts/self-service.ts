import { createHash, randomBytes } from 'node:crypto';
import { APIError } from 'better-auth/api';
import { verifyPassword } from 'better-auth/crypto';
import { recordAudit, type AuditAction } from '../audit';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { requireActor } from '../policy';
import { consumeRateLimits, rateRules } from '../rate-limit';
import { isLastAdministrator } from '../roles';
import { getAuth } from './auth';
import { sendEmailChangedNotice, sendEmailChangeMail, sendEmailTakenMail } from './mails';
import * as queries from './queries';
import type { RequestOrigin } from './service';
import {
	ZChangeName,
	ZChangePassword,
	ZDeleteAccount,
	ZEmailChangeToken,
	ZEndOtherSessions,
	ZEndSession,
	ZRequestEmailChange,
	type MyAccount,
	type MySession
} from './schema';
import { describeUserAgent } from './user-agent';

// Account self-service at /cuenta (issue 13): the signed-in person changes their name, address and password, sees and
// ends their sessions, downloads and deletes their account. Domain data (experiences, directory, statistics) is not
// the kernel's: the app layer (src/lib/server/account-data.ts) adds it to the download and removes it on deletion.

const EMAIL_CHANGE_HOURS = 24;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function audit(db: Executor, ctx: ServiceContext, actorId: string | null, action: AuditAction, subjectId: string, details: Record<string, unknown> = {}) {
	return recordAudit(db, { actorId, action, subjectType: 'user', subjectId, details, requestId: ctx.requestId ?? null });
}

/** Checks the current password asked again by a form; a wrong one is named at the field and counted. */
async function checkCurrentPassword(db: Executor, userId: string, password: string): Promise<void> {
	await consumeRateLimits([{ rule: rateRules.passwordCheckPerAccount, subject: userId }], { db });
	const hash = await queries.selectPasswordHash(db, userId);
	if (!hash || !(await verifyPassword({ hash, password }))) throw wrongPassword();
}

const wrongPassword = () => new AppError('VALIDATION', { fields: [{ field: 'currentPassword', messageKey: 'error_current_password_wrong' }] });

/** The signed-in person's account, with the address change waiting for its link. */
export async function getMyAccount(ctx: ServiceContext): Promise<MyAccount> {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const row = await queries.selectAccountRecord(db, actor.id);
	if (!row) throw new AppError('UNAUTHENTICATED');
	return {
		id: row.id,
		name: row.name,
		email: row.email,
		createdAt: row.createdAt.toISOString(),
		pendingEmail: (await queries.selectPendingEmail(db, actor.id, new Date())) ?? null
	};
}

/** Changes the signed-in person's name (shown with what they write from now on, and already written). */
export async function changeMyName(ctx: ServiceContext, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const form = parseInput(ZChangeName, input);
	await inTransaction(ctx.tx, async (tx) => {
		await queries.updateUserName(tx, actor.id, form.name);
		await audit(tx, ctx, actor.id, 'account.name_changed', actor.id);
	});
}

/**
 * Asks for a new address: with the current password, a link is mailed to the new address and the account keeps its
 * address until the link is followed. When another account already has the address, that address's owner is told
 * instead, and the answer is the same, so the form never reveals who has an account.
 */
export async function requestEmailChange(ctx: ServiceContext, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const form = parseInput(ZRequestEmailChange, input);
	const db = ctx.tx ?? getDb();
	await checkCurrentPassword(db, actor.id, form.currentPassword);
	if (form.email === actor.email.toLowerCase()) throw new AppError('VALIDATION', { fields: [{ field: 'email', messageKey: 'error_email_same' }] });
	await consumeRateLimits([{ rule: rateRules.emailChangePerAccount, subject: actor.id }]);
	await inTransaction(ctx.tx, async (tx) => {
		const taken = !!(await queries.selectUserByEmail(tx, form.email));
		if (taken) {
			await sendEmailTakenMail(tx, form.email);
		} else {
			const token = randomBytes(32).toString('base64url');
			await queries.replaceEmailChange(tx, {
				userId: actor.id,
				tokenHash: hashToken(token),
				newEmail: form.email,
				expiresAt: new Date(Date.now() + EMAIL_CHANGE_HOURS * 60 * 60 * 1000)
			});
			await sendEmailChangeMail(tx, actor.name, form.email, token);
		}
		// The same event either way: the log, like the page, does not tell a taken address from a free one.
		await audit(tx, ctx, actor.id, 'account.email_change_requested', actor.id);
	});
}

function parseToken(input: unknown): string {
	const parsed = ZEmailChangeToken.safeParse(input);
	if (!parsed.success) throw new AppError('INVALID_TOKEN');
	return parsed.data.token;
}

/** The new address a mailed link would confirm (for the confirmation page); INVALID_TOKEN when it is unknown or expired. */
export async function previewEmailChange(ctx: ServiceContext, input: unknown): Promise<{ newEmail: string }> {
	const token = parseToken(input);
	const pending = await queries.selectEmailChange(ctx.tx ?? getDb(), hashToken(token), new Date());
	if (!pending) throw new AppError('INVALID_TOKEN');
	return { newEmail: pending.newEmail };
}

/**
 * Follows the mailed link: the account takes the new address (confirmed, since the link reached it) and the old
 * address is told. Holding the link is the proof, so this needs no session (the link may be opened on a phone).
 */
export async function confirmEmailChange(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<void> {
	await consumeRateLimits([{ rule: rateRules.verifyPerIp, subject: origin.ip }]);
	const token = parseToken(input);
	await inTransaction(ctx.tx, async (tx) => {
		const pending = await queries.selectEmailChange(tx, hashToken(token), new Date());
		if (!pending) throw new AppError('INVALID_TOKEN');
		const before = await queries.selectAccountRecord(tx, pending.userId);
		if (!before) throw new AppError('INVALID_TOKEN');
		await queries.deleteEmailChanges(tx, pending.userId);
		// Taken since the request (another sign-up or change): the link no longer works, and says no more than that.
		if (!(await queries.updateUserEmail(tx, pending.userId, pending.newEmail))) throw new AppError('INVALID_TOKEN');
		await sendEmailChangedNotice(tx, before.name, before.email, pending.newEmail);
		await audit(tx, ctx, pending.userId, 'account.email_changed', pending.userId);
	});
}

/** Changes the password with the current one; every other session ends (this one is renewed by Better Auth). */
export async function changeMyPassword(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<void> {
	const actor = requireActor(ctx.actor);
	const form = parseInput(ZChangePassword, input);
	await consumeRateLimits([{ rule: rateRules.passwordCheckPerAccount, subject: actor.id }]);
	try {
		await getAuth().api.changePassword({
			body: { currentPassword: form.currentPassword, newPassword: form.password, revokeOtherSessions: true },
			headers: origin.headers
		});
	} catch (error) {
		if (!(error instanceof APIError)) throw error;
		const code = (error.body as { code?: string } | undefined)?.code;
		if (code === 'INVALID_PASSWORD') throw wrongPassword();
		if (code === 'PASSWORD_TOO_SHORT') throw new AppError('VALIDATION', { fields: [{ field: 'password', messageKey: 'error_password_too_short' }] });
		if (code === 'PASSWORD_TOO_LONG') throw new AppError('VALIDATION', { fields: [{ field: 'password', messageKey: 'error_password_too_long' }] });
		throw new AppError('UNAUTHENTICATED');
	}
	await audit(ctx.tx ?? getDb(), ctx, actor.id, 'account.password_changed', actor.id, { otherSessionsEnded: true });
}

/** The session of this request (from its cookie), or undefined. */
async function currentSessionId(origin: RequestOrigin): Promise<string | undefined> {
	const current = await getAuth().api.getSession({ headers: origin.headers });
	return current?.session.id;
}

/** The signed-in person's open sessions, this one marked. */
export async function listMySessions(ctx: ServiceContext, origin: RequestOrigin): Promise<MySession[]> {
	const actor = requireActor(ctx.actor);
	const currentId = await currentSessionId(origin);
	const rows = await queries.selectSessionsOfUser(ctx.tx ?? getDb(), actor.id, new Date());
	return rows
		.map((row) => ({
			id: row.id,
			createdAt: row.createdAt.toISOString(),
			lastSeenAt: row.updatedAt.toISOString(),
			expiresAt: row.expiresAt.toISOString(),
			ipAddress: row.ipAddress || null,
			device: describeUserAgent(row.userAgent),
			current: row.id === currentId
		}))
		.sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the signed-in person's sessions (another device; ending this one is signing out). */
export async function endMySession(ctx: ServiceContext, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const form = parseInput(ZEndSession, input);
	await inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.deleteSessionOfUser(tx, actor.id, form.sessionId))) throw new AppError('NOT_FOUND');
		await audit(tx, ctx, actor.id, 'account.session_ended', actor.id, { sessions: 1 });
	});
}

/** Ends every session of the signed-in person but this request's. */
export async function endMyOtherSessions(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<number> {
	const actor = requireActor(ctx.actor);
	parseInput(ZEndOtherSessions, input);
	const currentId = await currentSessionId(origin);
	if (!currentId) throw new AppError('UNAUTHENTICATED');
	return inTransaction(ctx.tx, async (tx) => {
		const ended = await queries.deleteOtherSessions(tx, actor.id, currentId);
		await audit(tx, ctx, actor.id, 'account.sessions_ended', actor.id, { sessions: ended });
		return ended;
	});
}

/**
 * What the accounts kernel holds about the signed-in person, for their download: the account, role grants, sessions'
 * metadata and the audit events they caused or that are about their account. Records the download itself.
 */
export async function exportMyAccountData(ctx: ServiceContext, origin: RequestOrigin) {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const row = await queries.selectAccountRecord(db, actor.id);
	if (!row) throw new AppError('UNAUTHENTICATED');
	await audit(db, ctx, actor.id, 'account.data_downloaded', actor.id);
	const [grants, sessions, events] = await Promise.all([
		queries.selectGrantRecords(db, actor.id),
		listMySessions(ctx, origin),
		queries.selectAuditAbout(db, actor.id, row.email)
	]);
	return {
		account: { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() },
		roles: grants.map((grant) => ({ ...grant, grantedAt: grant.grantedAt.toISOString() })),
		sessions,
		auditEvents: events.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() }))
	};
}

/** Whether the signed-in person may delete their account now (the last administrator may not). */
export async function getAccountDeletion(ctx: ServiceContext): Promise<{ lastAdministrator: boolean }> {
	const actor = requireActor(ctx.actor);
	return { lastAdministrator: await inTransaction(ctx.tx, (tx) => isLastAdministrator(tx, actor.id)) };
}

/**
 * Deletes the signed-in person's account with their password, in one transaction: `removeDomainData` first (the
 * app layer passes what the domains must remove, such as the expert profile), then the account, whose sessions,
 * credentials, role grants, subscription and follows go with it. What they wrote stays, without an author. The audit
 * event keeps only the identifier. The last administrator is refused.
 */
export async function deleteMyAccount(ctx: ServiceContext, input: unknown, removeDomainData: (tx: Executor) => Promise<void>): Promise<void> {
	const actor = requireActor(ctx.actor);
	const form = parseInput(ZDeleteAccount, input);
	await checkCurrentPassword(ctx.tx ?? getDb(), actor.id, form.currentPassword);
	await inTransaction(ctx.tx, async (tx) => {
		if (await isLastAdministrator(tx, actor.id)) throw new AppError('CONFLICT', { fields: [{ field: 'confirm', messageKey: 'error_last_admin_delete' }] });
		await removeDomainData(tx);
		await queries.deleteEmailChanges(tx, actor.id);
		if (!(await queries.deleteUser(tx, actor.id))) throw new AppError('NOT_FOUND');
		await audit(tx, ctx, null, 'account.deleted', actor.id);
	});
}
