import { randomUUID } from 'node:crypto';
import { eq, like, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { mailMessage, roleGrant, user } from '../db/schema';

/** The domain of demonstration accounts: reserved (RFC 2606), so nothing is ever delivered there. */
export const DEMO_EMAIL_DOMAIN = 'demo.cabildo.invalid';

/**
 * Creates (or finds) a demonstration account with exactly these roles; it has no password, so nobody can sign in
 * with it. Returns its id.
 */
export async function upsertDemoUser(
	db: Executor,
	values: { email: string; name: string; roles: { role: string; subRole?: string | null; municipalityId?: string | null }[] }
): Promise<string> {
	const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, values.email)).limit(1);
	const id = existing?.id ?? randomUUID();
	if (!existing) await db.insert(user).values({ id, email: values.email, name: values.name, emailVerified: true });
	await db.delete(roleGrant).where(eq(roleGrant.userId, id));
	if (values.roles.length) {
		await db.insert(roleGrant).values(values.roles.map((grant) => ({ userId: id, role: grant.role, subRole: grant.subRole ?? null, municipalityId: grant.municipalityId ?? null })));
	}
	return id;
}

/**
 * Drops the notifications the demo's workflow wrote, to demonstration accounts and to the real secretariat alike:
 * inside one transaction now() is its start time, which is exactly the created_at of every row it wrote.
 */
export async function deleteDemoMail(db: Executor): Promise<void> {
	await db.delete(mailMessage).where(or(like(mailMessage.toAddress, `%@${DEMO_EMAIL_DOMAIN}`), eq(mailMessage.createdAt, sql`now()`)));
}
