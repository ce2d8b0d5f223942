import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { experienceQuestion, experienceReplication, municipality, user } from '../db/schema';

/** Declares (or updates) a municipality's replication of an experience; returns whether it is new. */
export async function upsertReplication(
	db: Executor,
	values: { experienceId: string; municipalityId: string; status: string; notes: string; declaredBy: string }
): Promise<boolean> {
	const [row] = await db
		.insert(experienceReplication)
		.values(values)
		.onConflictDoUpdate({
			target: [experienceReplication.experienceId, experienceReplication.municipalityId],
			set: { status: values.status, notes: values.notes, declaredBy: values.declaredBy, updatedAt: new Date() }
		})
		.returning({ isNew: sql<boolean>`(xmax = 0)` });
	return row.isNew;
}

/** The replications of an experience with their municipality's name and country. */
export async function selectReplications(db: Executor, experienceId: string) {
	return db
		.select({
			municipalityId: experienceReplication.municipalityId,
			municipalityName: municipality.name,
			countryCode: municipality.countryCode,
			status: experienceReplication.status,
			notes: experienceReplication.notes,
			updatedAt: experienceReplication.updatedAt
		})
		.from(experienceReplication)
		.innerJoin(municipality, eq(municipality.id, experienceReplication.municipalityId))
		.where(eq(experienceReplication.experienceId, experienceId))
		.orderBy(asc(municipality.name))
		.limit(500);
}

/** Stores a question; returns its id. */
export async function insertQuestion(db: Executor, values: { experienceId: string; askedBy: string; body: string }): Promise<string> {
	const [row] = await db.insert(experienceQuestion).values(values).returning({ id: experienceQuestion.id });
	return row.id;
}

/** One question (locked for the update that follows). */
export async function selectQuestionForUpdate(db: Executor, id: string) {
	const [row] = await db.select().from(experienceQuestion).where(eq(experienceQuestion.id, id)).for('update').limit(1);
	return row;
}

/** Writes the authors' answer. */
export async function updateAnswer(db: Executor, id: string, answer: string, answeredBy: string): Promise<void> {
	await db.update(experienceQuestion).set({ answer, answeredBy, answeredAt: new Date() }).where(eq(experienceQuestion.id, id));
}

/** Hides a question (with who and why) or shows it again (reason null). */
export async function updateHidden(db: Executor, id: string, hidden: { by: string; reason: string } | null): Promise<void> {
	await db
		.update(experienceQuestion)
		.set(hidden ? { hiddenAt: new Date(), hiddenBy: hidden.by, hiddenReason: hidden.reason } : { hiddenAt: null, hiddenBy: null, hiddenReason: null })
		.where(eq(experienceQuestion.id, id));
}

/** The questions of an experience, oldest first, with who asked; hidden ones only when asked for. */
export async function selectQuestions(db: Executor, experienceId: string, includeHidden: boolean) {
	const asker = user;
	return db
		.select({
			id: experienceQuestion.id,
			body: experienceQuestion.body,
			askedAt: experienceQuestion.askedAt,
			askedBy: asker.name,
			answer: experienceQuestion.answer,
			answeredAt: experienceQuestion.answeredAt,
			hiddenAt: experienceQuestion.hiddenAt,
			hiddenReason: experienceQuestion.hiddenReason
		})
		.from(experienceQuestion)
		.leftJoin(asker, eq(asker.id, experienceQuestion.askedBy))
		.where(and(eq(experienceQuestion.experienceId, experienceId), includeHidden ? undefined : sql`${experienceQuestion.hiddenAt} is null`))
		.orderBy(asc(experienceQuestion.askedAt))
		.limit(200);
}
