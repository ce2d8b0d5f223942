import { count, desc, eq, ilike, inArray, or } from 'drizzle-orm';
import type { Executor } from '../db';
import { account, roleGrant, user } from '../db/schema';

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
