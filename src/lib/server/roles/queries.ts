import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db';
import { municipality, roleGrant, roleRequest, user } from '../db/schema';

/** The roles one user holds, for building the actor of a request. */
export async function selectRolesOfUser(db: Executor, userId: string) {
	return db
		.select({ role: roleGrant.role, subRole: roleGrant.subRole, municipalityId: roleGrant.municipalityId })
		.from(roleGrant)
		.where(eq(roleGrant.userId, userId));
}

const grantor = alias(user, 'grantor');

/** The grants of one user with the municipality name and who granted them. */
export async function selectGrantsOfUser(db: Executor, userId: string) {
	return db
		.select({
			id: roleGrant.id,
			role: roleGrant.role,
			subRole: roleGrant.subRole,
			municipalityId: roleGrant.municipalityId,
			municipalityName: municipality.name,
			grantedAt: roleGrant.grantedAt,
			grantedByEmail: grantor.email
		})
		.from(roleGrant)
		.leftJoin(municipality, eq(municipality.id, roleGrant.municipalityId))
		.leftJoin(grantor, eq(grantor.id, roleGrant.grantedBy))
		.where(eq(roleGrant.userId, userId))
		.orderBy(asc(roleGrant.grantedAt));
}

/** Inserts a grant unless the same one exists; returns the new id or undefined. */
export async function insertGrant(
	db: Executor,
	grant: { userId: string; role: string; subRole: string | null; municipalityId: string | null; grantedBy: string | null }
): Promise<string | undefined> {
	const rows = await db.insert(roleGrant).values(grant).onConflictDoNothing().returning({ id: roleGrant.id });
	return rows[0]?.id;
}

/** One grant by id. */
export async function selectGrant(db: Executor, id: string) {
	const rows = await db.select().from(roleGrant).where(eq(roleGrant.id, id)).limit(1);
	return rows[0];
}

/** Deletes a grant of a user. */
export async function deleteGrant(db: Executor, userId: string, id: string): Promise<boolean> {
	const rows = await db
		.delete(roleGrant)
		.where(and(eq(roleGrant.id, id), eq(roleGrant.userId, userId)))
		.returning({ id: roleGrant.id });
	return rows.length > 0;
}

/** How many admins remain, so the last one cannot be removed. */
export async function countAdmins(db: Executor): Promise<number> {
	const rows = await db.select({ id: roleGrant.id }).from(roleGrant).where(eq(roleGrant.role, 'admin'));
	return rows.length;
}

/** Whether a municipality exists (for grant validation). */
export async function municipalityExists(db: Executor, id: string): Promise<boolean> {
	const rows = await db.select({ id: municipality.id }).from(municipality).where(eq(municipality.id, id)).limit(1);
	return rows.length > 0;
}

/** Whether a user exists. */
export async function userExists(db: Executor, id: string): Promise<boolean> {
	const rows = await db.select({ id: user.id }).from(user).where(eq(user.id, id)).limit(1);
	return rows.length > 0;
}

/** The holders of admin grants, locking those grants until the transaction ends. */
export async function lockAdminGrants(db: Executor): Promise<string[]> {
	const rows = await db.select({ userId: roleGrant.userId }).from(roleGrant).where(eq(roleGrant.role, 'admin')).for('update');
	return rows.map((row) => row.userId);
}

// Role requests (issue 13).

/** The e-mail addresses of the secretariat and the administrators, told that a request waits. */
export async function selectSecretariatEmails(db: Executor): Promise<string[]> {
	const rows = await db
		.selectDistinct({ email: user.email })
		.from(roleGrant)
		.innerJoin(user, eq(user.id, roleGrant.userId))
		.where(inArray(roleGrant.role, ['secretariat', 'admin']));
	return rows.map((row) => row.email);
}

/** Whether the user holds this role (for that municipality, for a municipal official). */
export async function holdsRole(db: Executor, userId: string, role: string, municipalityId: string | null): Promise<boolean> {
	const rows = await db
		.select({ id: roleGrant.id })
		.from(roleGrant)
		.where(and(eq(roleGrant.userId, userId), eq(roleGrant.role, role), municipalityId ? eq(roleGrant.municipalityId, municipalityId) : sql`true`))
		.limit(1);
	return rows.length > 0;
}

/** Inserts a pending request unless the same one is pending already (the partial unique index); its id or undefined. */
export async function insertRoleRequest(
	db: Executor,
	request: { userId: string; role: string; municipalityId: string | null; position: string | null; institutionalEmail: string | null; note: string | null; locale: string }
): Promise<string | undefined> {
	const rows = await db.insert(roleRequest).values(request).onConflictDoNothing().returning({ id: roleRequest.id });
	return rows[0]?.id;
}

const requestColumns = {
	id: roleRequest.id,
	userId: roleRequest.userId,
	role: roleRequest.role,
	municipalityId: roleRequest.municipalityId,
	municipalityName: municipality.name,
	position: roleRequest.position,
	institutionalEmail: roleRequest.institutionalEmail,
	note: roleRequest.note,
	status: roleRequest.status,
	reason: roleRequest.reason,
	locale: roleRequest.locale,
	createdAt: roleRequest.createdAt,
	decidedAt: roleRequest.decidedAt,
	personName: user.name,
	personEmail: user.email
};

function requestsWithPeople(db: Executor) {
	return db
		.select(requestColumns)
		.from(roleRequest)
		.innerJoin(user, eq(user.id, roleRequest.userId))
		.leftJoin(municipality, eq(municipality.id, roleRequest.municipalityId));
}

export type RoleRequestRow = Awaited<ReturnType<typeof selectRoleRequest>> & object;

/** One request with its person and municipality; `forUpdate` locks the request until the transaction ends. */
export async function selectRoleRequest(db: Executor, id: string, forUpdate = false) {
	if (forUpdate) await db.select({ id: roleRequest.id }).from(roleRequest).where(eq(roleRequest.id, id)).for('update');
	const rows = await requestsWithPeople(db).where(eq(roleRequest.id, id)).limit(1);
	return rows[0];
}

/** One person's requests, newest first. */
export async function selectRoleRequestsOfUser(db: Executor, userId: string) {
	return requestsWithPeople(db).where(eq(roleRequest.userId, userId)).orderBy(desc(roleRequest.createdAt), desc(roleRequest.id));
}

/** A page of requests (in one status, or all), newest first, with their total. */
export async function selectRoleRequestPage(db: Executor, options: { status?: string; limit: number; offset: number }) {
	const where = options.status ? eq(roleRequest.status, options.status) : undefined;
	const items = await requestsWithPeople(db).where(where).orderBy(desc(roleRequest.createdAt), desc(roleRequest.id)).limit(options.limit).offset(options.offset);
	const [total] = await db.select({ n: count() }).from(roleRequest).where(where);
	return { items, total: total?.n ?? 0 };
}

/** Closes a pending request (decided or withdrawn); false when it was no longer pending. */
export async function closeRoleRequest(
	db: Executor,
	id: string,
	change: { status: 'approved' | 'declined' | 'withdrawn'; reason: string | null; decidedBy: string | null }
): Promise<boolean> {
	const rows = await db
		.update(roleRequest)
		.set({ status: change.status, reason: change.reason, decidedBy: change.decidedBy, decidedAt: new Date() })
		.where(and(eq(roleRequest.id, id), eq(roleRequest.status, 'pending')))
		.returning({ id: roleRequest.id });
	return rows.length > 0;
}
