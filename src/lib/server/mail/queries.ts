import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { mailMessage } from '../db/schema';

/** Stores one message with its delivery status. */
export async function insertMail(
	db: Executor,
	message: { toAddress: string; subject: string; textBody: string; status: 'outbox' | 'pending' }
): Promise<string> {
	const rows = await db.insert(mailMessage).values(message).returning({ id: mailMessage.id });
	return rows[0].id;
}

/** Newest-first page of messages, optionally for one recipient. */
export async function selectMailPage(db: Executor, options: { to?: string; limit: number; offset: number }) {
	const where = options.to ? eq(mailMessage.toAddress, options.to) : undefined;
	const items = await db
		.select()
		.from(mailMessage)
		.where(where)
		.orderBy(desc(mailMessage.createdAt), desc(mailMessage.id))
		.limit(options.limit)
		.offset(options.offset);
	const [{ total }] = await db.select({ total: count() }).from(mailMessage).where(where);
	return { items, total };
}

/** One message by id. */
export async function selectMail(db: Executor, id: string) {
	const rows = await db.select().from(mailMessage).where(eq(mailMessage.id, id)).limit(1);
	return rows[0];
}

/** Messages waiting for SMTP delivery (pending, or failed with attempts left). */
export async function selectDeliverable(db: Executor, maxAttempts: number, limit: number) {
	return db
		.select()
		.from(mailMessage)
		.where(and(eq(mailMessage.status, 'pending'), lt(mailMessage.attempts, maxAttempts)))
		.orderBy(mailMessage.createdAt)
		.limit(limit);
}

/** Records the outcome of one delivery attempt. */
export async function markDelivery(db: Executor, id: string, outcome: { ok: true } | { ok: false; error: string; final: boolean }) {
	await db
		.update(mailMessage)
		.set(
			outcome.ok
				? { status: 'sent', sentAt: new Date(), attempts: sql`${mailMessage.attempts} + 1`, lastError: null }
				: { status: outcome.final ? 'failed' : 'pending', attempts: sql`${mailMessage.attempts} + 1`, lastError: outcome.error.slice(0, 1000) }
		)
		.where(eq(mailMessage.id, id));
}
