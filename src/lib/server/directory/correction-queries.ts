// Proposed corrections of directory entries (the only place that touches that table).
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { entryCorrection, user } from '../db/schema';

/** Stores a proposed correction; returns its id. */
export async function insertCorrection(
	db: Executor,
	values: { entryType: string; entryId: string; proposed: Record<string, string>; note: string; proposedBy: string }
): Promise<string> {
	const [row] = await db.insert(entryCorrection).values(values).returning({ id: entryCorrection.id });
	return row.id;
}

/** Pending corrections, oldest first, with who proposed them. */
export async function selectPendingCorrections(db: Executor) {
	return db
		.select({
			id: entryCorrection.id,
			entryType: entryCorrection.entryType,
			entryId: entryCorrection.entryId,
			proposed: entryCorrection.proposed,
			note: entryCorrection.note,
			createdAt: entryCorrection.createdAt,
			proposerName: user.name
		})
		.from(entryCorrection)
		.leftJoin(user, eq(user.id, entryCorrection.proposedBy))
		.where(eq(entryCorrection.status, 'pending'))
		.orderBy(asc(entryCorrection.createdAt))
		.limit(200);
}

/** The fields an entry's pending corrections change, oldest first, each once. */
export async function selectPendingFieldsOf(db: Executor, entryType: string, entryId: string): Promise<string[]> {
	const rows = await db
		.select({ proposed: entryCorrection.proposed })
		.from(entryCorrection)
		.where(and(eq(entryCorrection.entryType, entryType), eq(entryCorrection.entryId, entryId), eq(entryCorrection.status, 'pending')))
		.orderBy(asc(entryCorrection.createdAt));
	return [...new Set(rows.flatMap((row) => Object.keys(row.proposed)))];
}

/** One correction, locked until the decision commits, with the proposer's e-mail. */
export async function selectCorrectionForUpdate(db: Executor, id: string) {
	const [row] = await db
		.select({
			id: entryCorrection.id,
			entryType: entryCorrection.entryType,
			entryId: entryCorrection.entryId,
			proposed: entryCorrection.proposed,
			status: entryCorrection.status,
			proposerEmail: user.email
		})
		.from(entryCorrection)
		.leftJoin(user, eq(user.id, entryCorrection.proposedBy))
		.where(eq(entryCorrection.id, id))
		.for('update', { of: entryCorrection })
		.limit(1);
	return row ? { ...row, proposed: row.proposed as Record<string, string> } : undefined;
}

/** Records the secretariat's decision. */
export async function markDecided(db: Executor, id: string, decision: { status: 'applied' | 'rejected'; by: string; reason: string | null }): Promise<void> {
	await db
		.update(entryCorrection)
		.set({ status: decision.status, decidedBy: decision.by, decidedAt: sql`now()`, reason: decision.reason })
		.where(eq(entryCorrection.id, id));
}
