import { and, asc, eq, exists, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { experience, experienceAttachment, experienceAuthor, experienceQuestion, experienceReplication, experienceReview, experienceText } from '../db/schema';

/** Experiences a user created or is an author of, with their original title and state. */
export async function selectExperiencesOf(db: Executor, userId: string) {
	return db
		.select({ id: experience.id, title: experienceText.title, state: experience.state, createdAt: experience.createdAt, createdByThem: sql<boolean>`${experience.createdBy} is not distinct from ${userId}` })
		.from(experience)
		.innerJoin(experienceText, and(eq(experienceText.experienceId, experience.id), eq(experienceText.isOriginal, true)))
		.where(
			or(
				eq(experience.createdBy, userId),
				exists(db.select({ id: experienceAuthor.userId }).from(experienceAuthor).where(and(eq(experienceAuthor.experienceId, experience.id), eq(experienceAuthor.userId, userId))))
			)
		)
		.orderBy(asc(experience.createdAt));
}

/** Questions a user asked, with the answer. */
export async function selectQuestionsOf(db: Executor, userId: string) {
	return db
		.select({ id: experienceQuestion.id, experienceId: experienceQuestion.experienceId, body: experienceQuestion.body, askedAt: experienceQuestion.askedAt, answer: experienceQuestion.answer, hidden: experienceQuestion.hiddenAt })
		.from(experienceQuestion)
		.where(eq(experienceQuestion.askedBy, userId))
		.orderBy(asc(experienceQuestion.askedAt));
}

/** Review assignments of a user, with their scores. */
export async function selectReviewsOf(db: Executor, userId: string) {
	return db
		.select({ id: experienceReview.id, experienceId: experienceReview.experienceId, status: experienceReview.status, dueOn: experienceReview.dueOn, scores: experienceReview.scores, submittedAt: experienceReview.submittedAt })
		.from(experienceReview)
		.where(eq(experienceReview.reviewerId, userId))
		.orderBy(asc(experienceReview.assignedAt));
}

/** Replications a user declared. */
export async function selectReplicationsOf(db: Executor, userId: string) {
	return db
		.select({ id: experienceReplication.id, experienceId: experienceReplication.experienceId, municipalityId: experienceReplication.municipalityId, status: experienceReplication.status, notes: experienceReplication.notes, createdAt: experienceReplication.createdAt })
		.from(experienceReplication)
		.where(eq(experienceReplication.declaredBy, userId))
		.orderBy(asc(experienceReplication.createdAt));
}

/** Attachments a user uploaded (names, not contents: the record's page serves those). */
export async function selectAttachmentsOf(db: Executor, userId: string) {
	return db
		.select({ id: experienceAttachment.id, experienceId: experienceAttachment.experienceId, fileName: experienceAttachment.fileName, uploadedAt: experienceAttachment.uploadedAt })
		.from(experienceAttachment)
		.where(eq(experienceAttachment.uploadedBy, userId))
		.orderBy(asc(experienceAttachment.uploadedAt));
}

/** Removes a user's review assignments not submitted yet (a submitted review stays, and still counts). */
export async function deleteOpenReviewsOf(db: Executor, userId: string): Promise<number> {
	const rows = await db
		.delete(experienceReview)
		.where(and(eq(experienceReview.reviewerId, userId), ne(experienceReview.status, 'submitted')))
		.returning({ id: experienceReview.id });
	return rows.length;
}
