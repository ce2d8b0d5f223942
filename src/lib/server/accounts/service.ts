import { APIError } from 'better-auth/api';
import { hashPassword } from 'better-auth/crypto';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { recordAudit, type AuditAction } from '../audit';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { pageWindow } from '../pagination';
import { admitSignIn, consumeRateLimits, rateRules, settleSignIn } from '../rate-limit';
import { requireRole } from '../policy';
import { grantFirstAdministrator } from '../roles';
import { getAuth } from './auth';
import * as queries from './queries';
import { ZCreateAdmin, ZRequestReset, ZResetPassword, ZSignIn, ZSignUp, ZUserQuery, type UserSummary } from './schema';

/** Where a request comes from, for rate limits and Better Auth's session metadata. */
export interface RequestOrigin {
	ip: string;
	headers: Headers;
}

function authErrorCode(error: unknown): string | undefined {
	if (error instanceof APIError) return (error.body as { code?: string } | undefined)?.code;
	return undefined;
}

/** Creates an account and mails the confirmation link; answers the same whether or not the address is known. */
export async function signUp(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<void> {
	const form = parseInput(ZSignUp, input);
	await consumeRateLimits([{ rule: rateRules.signUpPerIp, subject: origin.ip }]);
	try {
		await getAuth().api.signUpEmail({
			body: { name: form.name, email: form.email, password: form.password },
			headers: origin.headers
		});
	} catch (error) {
		const code = authErrorCode(error);
		if (code === 'PASSWORD_TOO_SHORT' || code === 'PASSWORD_TOO_LONG') {
			throw new AppError('VALIDATION', { fields: [{ field: 'password', messageKey: 'error_password_too_short' }] });
		}
		// Any other refusal must look like success: saying "already registered" would reveal who has an account.
		if (code === 'USER_ALREADY_EXISTS' || code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') return;
		throw error;
	}
}

/**
 * Signs in with e-mail and password; the session cookie is set through the SvelteKit cookie bridge. Failures slow
 * down the same account from the same address (see `signInThrottle`), and every outcome is audited.
 */
export async function signIn(ctx: ServiceContext, input: unknown, origin: RequestOrigin, throttle: { now?: Date; wait?: (ms: number) => Promise<void> } = {}): Promise<void> {
	const form = parseInput(ZSignIn, input);
	const subject = { account: form.email, ip: origin.ip };
	const audit = (action: AuditAction, actorId: string | null, details: Record<string, unknown> = {}) =>
		recordAudit(getDb(), { actorId, action, subjectType: 'account', subjectId: form.email.trim().toLowerCase(), details: { ip: origin.ip, ...details }, requestId: ctx.requestId ?? null });
	try {
		await admitSignIn(subject, throttle);
	} catch (error) {
		if (error instanceof AppError && error.code === 'RATE_LIMITED') await audit('account.sign_in_throttled', null, { retryAfterSeconds: error.retryAfterSeconds });
		throw error;
	}
	let userId: string;
	try {
		({ user: { id: userId } } = await getAuth().api.signInEmail({ body: { email: form.email, password: form.password }, headers: origin.headers }));
	} catch (error) {
		const code = authErrorCode(error);
		// The right password of an unconfirmed address is not a guess: it ends the failures in a row too.
		if (code === 'EMAIL_NOT_VERIFIED') {
			await settleSignIn(subject, true, throttle);
			throw new AppError('EMAIL_NOT_VERIFIED');
		}
		if (error instanceof APIError) {
			await settleSignIn(subject, false, throttle);
			await audit('account.sign_in_failed', null);
			throw new AppError('INVALID_CREDENTIALS');
		}
		throw error;
	}
	await settleSignIn(subject, true, throttle);
	await audit('account.sign_in', userId);
}

/** Ends the current session. */
export async function signOut(headers: Headers): Promise<void> {
	try {
		await getAuth().api.signOut({ headers });
	} catch (error) {
		if (!(error instanceof APIError)) throw error;
	}
}

/** Confirms an e-mail address from the mailed token. */
export async function verifyEmail(ctx: ServiceContext, token: unknown, origin: RequestOrigin): Promise<void> {
	await consumeRateLimits([{ rule: rateRules.verifyPerIp, subject: origin.ip }]);
	if (typeof token !== 'string' || !token || token.length > 2000) throw new AppError('INVALID_TOKEN');
	try {
		await getAuth().api.verifyEmail({ query: { token } });
	} catch (error) {
		if (error instanceof APIError) throw new AppError('INVALID_TOKEN');
		throw error;
	}
}

/** Mails a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<void> {
	const form = parseInput(ZRequestReset, input);
	await consumeRateLimits([
		{ rule: rateRules.resetPerIp, subject: origin.ip },
		{ rule: rateRules.resetPerAccount, subject: form.email }
	]);
	try {
		await getAuth().api.requestPasswordReset({ body: { email: form.email } });
	} catch (error) {
		if (!(error instanceof APIError)) throw error;
	}
}

/** Sets a new password from the mailed token and signs every session out. */
export async function resetPassword(ctx: ServiceContext, input: unknown, origin: RequestOrigin): Promise<void> {
	const form = parseInput(ZResetPassword, input);
	await consumeRateLimits([{ rule: rateRules.resetPerIp, subject: origin.ip }]);
	try {
		await getAuth().api.resetPassword({ body: { newPassword: form.password, token: form.token } });
	} catch (error) {
		if (error instanceof APIError) throw new AppError('INVALID_TOKEN');
		throw error;
	}
}

/**
 * Creates (or promotes) an administrator from the command line: a verified account with the `admin` role.
 * There is no actor: whoever can run commands on the server is trusted.
 */
export async function createAdministrator(input: unknown): Promise<{ userId: string; created: boolean }> {
	const form = parseInput(ZCreateAdmin, input);
	const passwordHash = await hashPassword(form.password);
	return inTransaction(undefined, async (tx) => {
		const existing = await queries.selectUserByEmail(tx, form.email);
		const userId = existing?.id ?? crypto.randomUUID();
		if (existing) {
			await queries.markEmailVerified(tx, userId);
			await queries.updatePasswordHash(tx, userId, passwordHash);
		} else {
			await queries.insertUserWithPassword(tx, { id: userId, name: form.name, email: form.email, passwordHash });
		}
		const grantId = await grantFirstAdministrator(tx, userId);
		if (grantId) {
			await recordAudit(tx, {
				actorId: null,
				action: 'role.granted',
				subjectType: 'user',
				subjectId: userId,
				details: { grantId, role: 'admin', via: 'command line' }
			});
		}
		return { userId, created: !existing };
	});
}

/** Administrators list accounts, newest first, searchable by name or e-mail. */
export async function listUsers(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'admin');
	const query = parseInput(ZUserQuery, input);
	const { items, total, grants } = await queries.selectUserPage(ctx.tx ?? getDb(), {
		q: query.q,
		...pageWindow(query)
	});
	return {
		items: items.map(
			(row): UserSummary => ({
				...row,
				createdAt: row.createdAt.toISOString(),
				roles: [...new Set(grants.filter((grant) => grant.userId === row.id).map((grant) => grant.role))]
			})
		),
		page: query.page,
		pageSize: query.pageSize,
		total
	};
}

/** Administrators read one account. */
export async function getUser(ctx: ServiceContext, id: string) {
	requireRole(ctx.actor, 'admin');
	if (typeof id !== 'string' || id.length > 100) throw new AppError('NOT_FOUND');
	const row = await queries.selectUserById(ctx.tx ?? getDb(), id);
	if (!row) throw new AppError('NOT_FOUND');
	return { ...row, createdAt: row.createdAt.toISOString() };
}
