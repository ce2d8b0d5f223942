// Asking for a role (issue 13): any signed-in person asks; the secretariat approves (the grant is made in the same
// transaction) or declines with a reason; every step is audited and mailed.
import { z } from 'zod';
import { getConfig } from '../config';
import type { Locale, ServiceContext } from '../context';
import { locales } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { recordAudit } from '../audit';
import { queueMail } from '../mail';
import { requireActor, requireRole } from '../policy';
import { insertAuditedGrant } from './grants';
import * as queries from './queries';
import { ZDecideRoleRequest, ZRequestRole, ZRoleRequestQuery, type TRoleRequest } from './schema';

function toDto(row: queries.RoleRequestRow): TRoleRequest {
	return {
		id: row.id,
		role: row.role as TRoleRequest['role'],
		municipalityId: row.municipalityId,
		municipalityName: row.municipalityName,
		position: row.position,
		institutionalEmail: row.institutionalEmail,
		note: row.note,
		status: row.status as TRoleRequest['status'],
		reason: row.reason,
		createdAt: row.createdAt.toISOString(),
		decidedAt: row.decidedAt?.toISOString() ?? null,
		person: { id: row.userId, name: row.personName, email: row.personEmail }
	};
}

/** A request id from a path or body; anything else cannot exist, so it is NOT_FOUND. */
function parseRequestId(id: unknown): string {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}

const siteUrl = (locale: Locale, path: string) => new URL(`${localePrefix(locale)}${path}`, getConfig().origin).toString();

/** The role as a mail names it: "Funcionario/a municipal · Guadalajara". */
function roleLabel(locale: Locale, role: string, municipality: string | null): string {
	return [translate(`role_${role}`, locale), municipality].filter(Boolean).join(' · ');
}

/** Any signed-in person asks for a role; the secretariat is told a request waits. */
export async function requestRole(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const parsed = parseInput(ZRequestRole, input);
	// Identifiers are case-insensitive in input ("mx-14039"); the country part is stored upper-case.
	const municipalityId = parsed.municipalityId?.replace(/^[a-z]{2}/, (c) => c.toUpperCase()) ?? null;
	return inTransaction(ctx.tx, async (tx) => {
		if (municipalityId && !(await queries.municipalityExists(tx, municipalityId))) {
			throw new AppError('VALIDATION', { fields: [{ field: 'municipalityId', messageKey: 'error_municipality_unknown' }] });
		}
		if (await queries.holdsRole(tx, actor.id, parsed.role, municipalityId)) {
			throw new AppError('CONFLICT', { fields: [{ field: 'role', messageKey: 'error_role_request_held' }] });
		}
		const id = await queries.insertRoleRequest(tx, {
			userId: actor.id,
			role: parsed.role,
			municipalityId,
			position: parsed.position ?? null,
			institutionalEmail: parsed.institutionalEmail ?? null,
			note: parsed.note ?? null,
			locale: ctx.locale
		});
		if (!id) throw new AppError('CONFLICT', { fields: [{ field: 'role', messageKey: 'error_role_request_pending' }] });
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'role.requested',
			subjectType: 'user',
			subjectId: actor.id,
			details: { roleRequestId: id, role: parsed.role, municipalityId },
			requestId: ctx.requestId
		});
		// The secretariat's language is not known: its notices are in Spanish, the platform's first language.
		const stored = await queries.selectRoleRequest(tx, id);
		const params = {
			name: actor.name,
			email: actor.email,
			role: roleLabel('es', parsed.role, stored?.municipalityName ?? municipalityId),
			url: siteUrl('es', '/secretaria/roles')
		};
		for (const address of await queries.selectSecretariatEmails(tx)) {
			if (address === actor.email) continue;
			await queueMail(tx, { to: address, subject: translate('mail_role_request_subject', 'es', params), text: translate('mail_role_request_body', 'es', params) });
		}
		return { id };
	});
}

/** One's own requests, newest first. */
export async function listMyRoleRequests(ctx: ServiceContext): Promise<TRoleRequest[]> {
	const actor = requireActor(ctx.actor);
	return (await queries.selectRoleRequestsOfUser(ctx.tx ?? getDb(), actor.id)).map(toDto);
}

/** One withdraws one's own pending request (someone else's is NOT_FOUND). */
export async function withdrawRoleRequest(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const requestId = parseRequestId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const row = await queries.selectRoleRequest(tx, requestId, true);
		if (!row || row.userId !== actor.id) throw new AppError('NOT_FOUND');
		if (!(await queries.closeRoleRequest(tx, requestId, { status: 'withdrawn', reason: null, decidedBy: actor.id }))) {
			throw new AppError('CONFLICT', { fields: [{ field: 'id', messageKey: 'error_role_request_closed' }] });
		}
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'role.request_withdrawn',
			subjectType: 'user',
			subjectId: actor.id,
			details: { roleRequestId: requestId, role: row.role, municipalityId: row.municipalityId },
			requestId: ctx.requestId
		});
	});
}

/** The secretariat's list of requests (pending ones by default on its page), newest first. */
export async function listRoleRequests(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'secretariat');
	const query = parseInput(ZRoleRequestQuery, input);
	const { items, total } = await queries.selectRoleRequestPage(ctx.tx ?? getDb(), {
		status: query.status,
		limit: query.pageSize,
		offset: (query.page - 1) * query.pageSize
	});
	return { items: items.map(toDto), page: query.page, pageSize: query.pageSize, total };
}

/** One request, for the secretariat. */
export async function getRoleRequest(ctx: ServiceContext, id: unknown): Promise<TRoleRequest> {
	requireRole(ctx.actor, 'secretariat');
	const row = await queries.selectRoleRequest(ctx.tx ?? getDb(), parseRequestId(id));
	if (!row) throw new AppError('NOT_FOUND');
	return toDto(row);
}

/**
 * The secretariat approves (the role is granted in the same transaction) or declines (with a reason) a pending
 * request; the person is mailed the decision in the language they asked in. A decided request is CONFLICT.
 */
export async function decideRoleRequest(ctx: ServiceContext, id: unknown, input: unknown): Promise<TRoleRequest> {
	const decider = requireRole(ctx.actor, 'secretariat');
	const requestId = parseRequestId(id);
	const { decision, reason } = parseInput(ZDecideRoleRequest, input);
	return inTransaction(ctx.tx, async (tx) => {
		const row = await queries.selectRoleRequest(tx, requestId, true);
		if (!row) throw new AppError('NOT_FOUND');
		// Nobody decides their own request: a colleague (or an administrator's grant) does.
		if (row.userId === decider.id) throw new AppError('FORBIDDEN');
		const status = decision === 'approve' ? 'approved' : 'declined';
		if (!(await queries.closeRoleRequest(tx, requestId, { status, reason: reason ?? null, decidedBy: decider.id }))) {
			throw new AppError('CONFLICT', { fields: [{ field: 'decision', messageKey: 'error_role_request_closed' }] });
		}
		if (decision === 'approve') {
			// Granted meanwhile (an administrator's grant): the request is approved, and no second grant is made.
			await insertAuditedGrant(tx, ctx, decider.id, { userId: row.userId, role: row.role, subRole: null, municipalityId: row.municipalityId }, { roleRequestId: requestId });
		}
		await recordAudit(tx, {
			actorId: decider.id,
			action: decision === 'approve' ? 'role.request_approved' : 'role.request_declined',
			subjectType: 'user',
			subjectId: row.userId,
			details: { roleRequestId: requestId, role: row.role, municipalityId: row.municipalityId, reason: reason ?? null },
			requestId: ctx.requestId
		});
		await mailDecision(tx, row, status, reason ?? null);
		const updated = await queries.selectRoleRequest(tx, requestId);
		return toDto(updated!);
	});
}

async function mailDecision(tx: Executor, row: queries.RoleRequestRow, status: 'approved' | 'declined', reason: string | null) {
	const locale: Locale = (locales as readonly string[]).includes(row.locale) ? (row.locale as Locale) : 'es';
	const params = {
		name: row.personName,
		role: roleLabel(locale, row.role, row.municipalityName ?? row.municipalityId),
		reason: reason ?? '—',
		url: siteUrl(locale, '/cuenta/roles')
	};
	await queueMail(tx, {
		to: row.personEmail,
		subject: translate(`mail_role_request_${status}_subject`, locale, params),
		text: translate(`mail_role_request_${status}_body`, locale, params)
	});
}

/** Whether the signed-in person has a pending request for this role (a page that needs it says so). */
export async function hasPendingRoleRequest(ctx: ServiceContext, role: string): Promise<boolean> {
	const actor = requireActor(ctx.actor);
	return (await queries.selectRoleRequestsOfUser(ctx.tx ?? getDb(), actor.id)).some((row) => row.role === role && row.status === 'pending');
}
