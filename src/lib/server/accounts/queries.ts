import { and, asc, count, desc, eq, gt, ilike, inArray, like, ne, notExists, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { account, auditEvent, roleGrant, session, user, verification } from '../db/schema';

/** Newest-first page of users, optionally filtered by name or e-mail fragment. */
export async function selectUserPage(db: Executor, options: { q?: string; limit: number; offset: number }) {
	const pattern = options.q ? `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
	const where = pattern ? or(ilike(user.email, pattern), ilike(user.name, pattern)) : undefined;
	const items = await db
		.select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, createdAt: user.createdAt })
		.from(user)
		.where(where)
		.orderBy(desc(user.createdAt), desc(user.id))
		.limit(options.limit)
		.offset(options.offset);
	const [{ total }] = await db.select({ total: count() }).from(user).where(where);
	const grants = items.length
		? await db
				.select({ userId: roleGrant.userId, role: roleGrant.role })
				.from(roleGrant)
				.where(inArray(roleGrant.userId, items.map((item) => item.id)))
		: [];
	return { items, total, grants };
}

/** One user by id. */
export async function selectUserById(db: Executor, id: string) {
	const rows = await db
		.select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, createdAt: user.createdAt })
		.from(user)
		.where(eq(user.id, id))
		.limit(1);
	return rows[0];
}

/** One user by e-mail (lower-case). */
export async function selectUserByEmail(db: Executor, email: string) {
	const rows = await db.select({ id: user.id }).from(user).where(eq(user.email, email)).limit(1);
	return rows[0];
}

/** Creates a verified user with a password credential. */
export async function insertUserWithPassword(
	db: Executor,
	values: { id: string; name: string; email: string; passwordHash: string }
): Promise<void> {
	await db.insert(user).values({ id: values.id, name: values.name, email: values.email, emailVerified: true });
	await db.insert(account).values({
		id: crypto.randomUUID(),
		accountId: values.id,
		providerId: 'credential',
		userId: values.id,
		password: values.passwordHash
	});
}

/** Marks an address as verified. */
export async function markEmailVerified(db: Executor, id: string): Promise<void> {
	await db.update(user).set({ emailVerified: true, updatedAt: new Date() }).where(eq(user.id, id));
}

/** Replaces the password of the credential account. */
export async function updatePasswordHash(db: Executor, userId: string, passwordHash: string): Promise<number> {
	const rows = await db
		.update(account)
		.set({ password: passwordHash, updatedAt: new Date() })
		.where(eq(account.userId, userId))
		.returning({ id: account.id });
	return rows.length;
}

/** The credential (password) hash of an account, if it has one. */
export async function selectPasswordHash(db: Executor, userId: string): Promise<string | undefined> {
	const rows = await db
		.select({ password: account.password })
		.from(account)
		.where(and(eq(account.userId, userId), eq(account.providerId, 'credential')))
		.limit(1);
	return rows[0]?.password ?? undefined;
}

/** Renames a user. */
export async function updateUserName(db: Executor, id: string, name: string): Promise<void> {
	await db.update(user).set({ name, updatedAt: new Date() }).where(eq(user.id, id));
}

/** Sets a user's (confirmed) address; false when another account took it meanwhile. */
export async function updateUserEmail(db: Executor, id: string, email: string): Promise<boolean> {
	const rows = await db
		.update(user)
		.set({ email, emailVerified: true, updatedAt: new Date() })
		.where(and(eq(user.id, id), notExists(db.select({ id: user.id }).from(user).where(eq(user.email, email)))))
		.returning({ id: user.id });
	return rows.length > 0;
}

const EMAIL_CHANGE = 'email-change:';
const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Keeps one pending address change of a user (earlier ones are dropped): the token's hash, the new address. */
export async function replaceEmailChange(db: Executor, values: { userId: string; tokenHash: string; newEmail: string; expiresAt: Date }): Promise<void> {
	await deleteEmailChanges(db, values.userId);
	await db.insert(verification).values({
		id: crypto.randomUUID(),
		identifier: `${EMAIL_CHANGE}${values.tokenHash}`,
		value: `${values.userId} ${values.newEmail}`,
		expiresAt: values.expiresAt
	});
}

/** The pending address change a token's hash names, if it has not expired. */
export async function selectEmailChange(db: Executor, tokenHash: string, now: Date) {
	const rows = await db
		.select({ value: verification.value })
		.from(verification)
		.where(and(eq(verification.identifier, `${EMAIL_CHANGE}${tokenHash}`), gt(verification.expiresAt, now)))
		.limit(1);
	if (!rows[0]) return undefined;
	const [userId, newEmail] = rows[0].value.split(' ');
	return { userId, newEmail };
}

/** The new address a user asked for and has not confirmed yet. */
export async function selectPendingEmail(db: Executor, userId: string, now: Date): Promise<string | undefined> {
	const rows = await db
		.select({ value: verification.value })
		.from(verification)
		.where(and(like(verification.identifier, `${EMAIL_CHANGE}%`), like(verification.value, `${escapeLike(userId)} %`), gt(verification.expiresAt, now)))
		.limit(1);
	return rows[0]?.value.split(' ')[1];
}

/** Drops a user's pending address changes. */
export async function deleteEmailChanges(db: Executor, userId: string): Promise<void> {
	await db.delete(verification).where(and(like(verification.identifier, `${EMAIL_CHANGE}%`), like(verification.value, `${escapeLike(userId)} %`)));
}

/** A user's sessions, newest activity first (the token stays here). */
export async function selectSessionsOfUser(db: Executor, userId: string, now: Date) {
	return db
		.select({ id: session.id, createdAt: session.createdAt, updatedAt: session.updatedAt, expiresAt: session.expiresAt, ipAddress: session.ipAddress, userAgent: session.userAgent })
		.from(session)
		.where(and(eq(session.userId, userId), gt(session.expiresAt, now)))
		.orderBy(desc(session.updatedAt), desc(session.id));
}

/** Ends one of a user's sessions; false when it is not theirs (or gone). */
export async function deleteSessionOfUser(db: Executor, userId: string, sessionId: string): Promise<boolean> {
	const rows = await db.delete(session).where(and(eq(session.userId, userId), eq(session.id, sessionId))).returning({ id: session.id });
	return rows.length > 0;
}

/** Ends every session of a user but one; how many ended. */
export async function deleteOtherSessions(db: Executor, userId: string, keepSessionId: string): Promise<number> {
	const rows = await db.delete(session).where(and(eq(session.userId, userId), ne(session.id, keepSessionId))).returning({ id: session.id });
	return rows.length;
}

/** The account as its owner downloads it. */
export async function selectAccountRecord(db: Executor, userId: string) {
	const rows = await db
		.select({ id: user.id, name: user.name, email: user.email, emailVerified: user.emailVerified, createdAt: user.createdAt, updatedAt: user.updatedAt })
		.from(user)
		.where(eq(user.id, userId))
		.limit(1);
	return rows[0];
}

/** The role grants of a user, for their download. */
export async function selectGrantRecords(db: Executor, userId: string) {
	return db
		.select({ role: roleGrant.role, subRole: roleGrant.subRole, municipalityId: roleGrant.municipalityId, grantedAt: roleGrant.grantedAt })
		.from(roleGrant)
		.where(eq(roleGrant.userId, userId))
		.orderBy(asc(roleGrant.grantedAt));
}

/** Audit events a user caused or that are about their account (by identifier or address), newest first, 1,000 at most. */
export async function selectAuditAbout(db: Executor, userId: string, email: string) {
	return db
		.select({ occurredAt: auditEvent.occurredAt, action: auditEvent.action, subjectType: auditEvent.subjectType, subjectId: auditEvent.subjectId, byThem: sql<boolean>`${auditEvent.actorId} is not distinct from ${userId}` })
		.from(auditEvent)
		.where(or(eq(auditEvent.actorId, userId), and(inArray(auditEvent.subjectType, ['user', 'account']), inArray(auditEvent.subjectId, [userId, email]))))
		.orderBy(desc(auditEvent.occurredAt), desc(auditEvent.id))
		.limit(1000);
}

/** Deletes a user; sessions, credentials, grants and personal rows go with it (foreign keys), authored records stay. */
export async function deleteUser(db: Executor, userId: string): Promise<boolean> {
	const rows = await db.delete(user).where(eq(user.id, userId)).returning({ id: user.id });
	return rows.length > 0;
}
