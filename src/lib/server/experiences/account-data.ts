import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { requireActor } from '../policy';
import * as queries from './account-data-queries';

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** What the experience bank holds that the signed-in person wrote, for their data download. */
export async function exportMyExperienceRecords(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const [experiences, questions, reviews, replications, attachments] = await Promise.all([
		queries.selectExperiencesOf(db, actor.id),
		queries.selectQuestionsOf(db, actor.id),
		queries.selectReviewsOf(db, actor.id),
		queries.selectReplicationsOf(db, actor.id),
		queries.selectAttachmentsOf(db, actor.id)
	]);
	return {
		experiences: experiences.map((row) => ({ id: row.id, title: row.title, state: row.state, createdAt: row.createdAt.toISOString(), role: row.createdByThem ? 'creator' : 'author' })),
		questions: questions.map((row) => ({ id: row.id, experienceId: row.experienceId, body: row.body, askedAt: row.askedAt.toISOString(), answer: row.answer, hidden: !!row.hidden })),
		reviews: reviews.map((row) => ({ ...row, submittedAt: iso(row.submittedAt) })),
		replications: replications.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
		attachments: attachments.map((row) => ({ ...row, uploadedAt: row.uploadedAt.toISOString() }))
	};
}

/**
 * Before the signed-in person's account is deleted (in its transaction, `ctx.tx`): review assignments they have
 * not submitted are withdrawn (nobody would ever fill them in); submitted reviews stay without a reviewer.
 */
export async function releaseMyOpenReviews(ctx: ServiceContext): Promise<number> {
	const actor = requireActor(ctx.actor);
	return queries.deleteOpenReviewsOf(ctx.tx ?? getDb(), actor.id);
}
