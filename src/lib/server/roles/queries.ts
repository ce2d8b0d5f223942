import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db';
import { municipality, roleGrant, user } from '../db/schema';

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
