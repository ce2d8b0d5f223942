import type { Actor, ActorRole, RoleName, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { recordAudit } from '../audit';
import { requireRole } from '../policy';
import * as queries from './queries';
import { insertAuditedGrant } from './grants';
import { ZGrantRole, type TRoleGrant } from './schema';
import { z } from 'zod';

/** Builds the actor of a signed-in user with the roles they hold. */
export async function loadActor(
	user: { id: string; email: string; name: string },
	db = getDb()
): Promise<Actor> {
	const grants = await queries.selectRolesOfUser(db, user.id);
	return {
		id: user.id,
		email: user.email,
		name: user.name,
		roles: grants.map((grant): ActorRole => ({ ...grant, role: grant.role as RoleName }))
	};
}

/** Admins list the grants of one user. */
export async function listGrants(ctx: ServiceContext, userId: string): Promise<TRoleGrant[]> {
	requireRole(ctx.actor, 'admin');
	const rows = await queries.selectGrantsOfUser(ctx.tx ?? getDb(), userId);
	return rows.map((row) => ({ ...row, grantedAt: row.grantedAt.toISOString() }));
}

/** Admins grant a role; the grant and its audit event commit together. */
export async function grantRole(ctx: ServiceContext, input: unknown): Promise<{ id: string; created: boolean }> {
	const admin = requireRole(ctx.actor, 'admin');
	const parsed = parseInput(ZGrantRole, input);
	// Identifiers are case-insensitive in input ("br-3550308"); the country part is stored upper-case.
	const grant = { ...parsed, municipalityId: parsed.municipalityId?.replace(/^[a-z]{2}/, (c) => c.toUpperCase()) };
	return inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.userExists(tx, grant.userId))) throw new AppError('NOT_FOUND', { details: { userId: grant.userId } });
		if (grant.municipalityId && !(await queries.municipalityExists(tx, grant.municipalityId))) {
			throw new AppError('VALIDATION', {
				fields: [{ field: 'municipalityId', messageKey: 'error_municipality_unknown' }]
			});
		}
		const id = await insertAuditedGrant(tx, ctx, admin.id, {
			userId: grant.userId,
			role: grant.role,
			subRole: grant.subRole ?? null,
			municipalityId: grant.municipalityId ?? null
		});
		if (!id) throw new AppError('CONFLICT', { fields: [{ field: 'role', messageKey: 'error_role_already_granted' }] });
		return { id, created: true };
	});
}

const ZRevokeRole = z.object({ userId: z.string().min(1).max(100), grantId: z.uuid({ message: 'error_field_invalid' }) });

/** Admins revoke a grant; the last admin grant cannot be revoked. */
export async function revokeRole(ctx: ServiceContext, input: unknown): Promise<void> {
	const admin = requireRole(ctx.actor, 'admin');
	const { userId, grantId } = parseInput(ZRevokeRole, input);
	await inTransaction(ctx.tx, async (tx) => {
		const grant = await queries.selectGrant(tx, grantId);
		if (!grant || grant.userId !== userId) throw new AppError('NOT_FOUND', { details: { grantId } });
		if (grant.role === 'admin' && (await queries.countAdmins(tx)) <= 1) {
			throw new AppError('CONFLICT', { fields: [{ field: 'grantId', messageKey: 'error_last_admin' }] });
		}
		await queries.deleteGrant(tx, userId, grantId);
		await recordAudit(tx, {
			actorId: admin.id,
			action: 'role.revoked',
			subjectType: 'user',
			subjectId: userId,
			details: { grantId, role: grant.role, subRole: grant.subRole, municipalityId: grant.municipalityId },
			requestId: ctx.requestId
		});
	});
}

/**
 * The first administrator's grant, made by the command line (no actor to authorise): inserted unless it exists,
 * inside the caller's transaction, which records its audit event. Returns the new grant's id or undefined.
 */
export async function grantFirstAdministrator(tx: Executor, userId: string): Promise<string | undefined> {
	return queries.insertGrant(tx, { userId, role: 'admin', subRole: null, municipalityId: null, grantedBy: null });
}

/**
 * Whether this user is the only administrator left, inside the caller's transaction: the admin grants are locked
 * until it ends, so two administrators deleting their accounts at once cannot both pass.
 */
export async function isLastAdministrator(tx: Executor, userId: string): Promise<boolean> {
	const admins = await queries.lockAdminGrants(tx);
	return admins.includes(userId) && new Set(admins).size <= 1;
}
