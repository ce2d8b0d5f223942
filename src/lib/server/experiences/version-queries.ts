import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db';
import { experienceRevision, experienceText, user } from '../db/schema';

/** The pending version of an experience, locked so two edits or decisions cannot cross; or undefined. */
export async function selectPendingRevisionForUpdate(db: Executor, experienceId: string) {
	const [row] = await db
		.select()
		.from(experienceRevision)
		.where(and(eq(experienceRevision.experienceId, experienceId), eq(experienceRevision.status, 'pending')))
		.for('update')
		.limit(1);
	return row;
}

/** The pending version of an experience with its proposer's name and address; or undefined. */
export async function selectPendingRevision(db: Executor, experienceId: string) {
	const [row] = await db
		.select({ revision: experienceRevision, proposerName: user.name, proposerEmail: user.email })
		.from(experienceRevision)
		.leftJoin(user, eq(user.id, experienceRevision.proposedBy))
		.where(and(eq(experienceRevision.experienceId, experienceId), eq(experienceRevision.status, 'pending')))
		.limit(1);
	return row;
}

/** Stores a new pending version; returns its id. */
export async function insertRevision(
	db: Executor,
	values: { experienceId: string; proposed: Record<string, unknown>; changedFields: string[]; baseVersion: number; proposedBy: string }
): Promise<string> {
	const [row] = await db.insert(experienceRevision).values(values).returning({ id: experienceRevision.id });
	return row.id;
}

/** Replaces the content of a pending version with a newer edit of its authors. */
export async function replaceRevision(
	db: Executor,
	id: string,
	values: { proposed: Record<string, unknown>; changedFields: string[]; baseVersion: number; proposedBy: string }
): Promise<void> {
	await db
		.update(experienceRevision)
		.set({ ...values, proposedAt: new Date() })
		.where(eq(experienceRevision.id, id));
}

/** Closes a pending version: approved, rejected (with the reason) or withdrawn. */
export async function markRevisionDecided(
	db: Executor,
	id: string,
	values: { status: 'approved' | 'rejected' | 'withdrawn'; decidedBy: string; reason?: string | null }
): Promise<void> {
	await db
		.update(experienceRevision)
		.set({ status: values.status, decidedBy: values.decidedBy, decidedAt: new Date(), reason: values.reason ?? null })
		.where(eq(experienceRevision.id, id));
}

/** Every pending version, oldest first, with the experience's original title and the proposer's name. */
export async function selectPendingRevisions(db: Executor) {
	return db
		.select({
			id: experienceRevision.id,
			experienceId: experienceRevision.experienceId,
			changedFields: experienceRevision.changedFields,
			proposedAt: experienceRevision.proposedAt,
			title: experienceText.title,
			proposerName: user.name
		})
		.from(experienceRevision)
		.innerJoin(experienceText, and(eq(experienceText.experienceId, experienceRevision.experienceId), eq(experienceText.isOriginal, true)))
		.leftJoin(user, eq(user.id, experienceRevision.proposedBy))
		.where(eq(experienceRevision.status, 'pending'))
		.orderBy(asc(experienceRevision.proposedAt))
		.limit(500);
}
