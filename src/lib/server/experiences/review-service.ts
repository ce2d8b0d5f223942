import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { getConfig } from '../config';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { hasRole, requireActor, requireRole } from '../policy';
import { DEFAULT_RECOGNITION_THRESHOLD, readThreshold, refreshRecognition, THRESHOLD_KEY } from './listing';
import * as queries from './queries';
import * as reviewQueries from './review-queries';
import { conflictOfInterest, rubricCriteria, summariseScores, type RubricCriterion, type ScoreSummary } from './review-rules';
import { ZAssignReviewer, ZRecognitionThreshold, ZReviewScores } from './schema';
import { canRead, parseId, type StoredExperience } from './service';

export { DEFAULT_RECOGNITION_THRESHOLD };

const ZReviewId = z.uuid();

function parseReviewId(id: unknown): string {
	const parsed = ZReviewId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}

function pageUrl(ctx: ServiceContext, path: string): string {
	return new URL(`${localePrefix(ctx.locale)}${path}`, getConfig().origin).toString();
}

function originalTitle(stored: { texts: { isOriginal: boolean; title: string }[] }): string {
	return (stored.texts.find((text) => text.isOriginal) ?? stored.texts[0])?.title ?? '';
}

/** The secretariat assigns a reviewer with a due date; refused for someone who is not a reviewer or has a conflict of interest. */
export async function assignReviewer(ctx: ServiceContext, experienceId: unknown, input: unknown): Promise<{ id: string }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const id = parseId(experienceId);
	const { reviewerEmail, dueOn } = parseInput(ZAssignReviewer, input);
	if (dueOn < new Date().toISOString().slice(0, 10)) {
		throw new AppError('VALIDATION', { fields: [{ field: 'dueOn', messageKey: 'error_due_in_past' }] });
	}
	return inTransaction(ctx.tx, async (tx) => {
		await queries.selectStateForUpdate(tx, id);
		const stored = await queries.selectExperience(tx, id);
		if (!stored) throw new AppError('NOT_FOUND');
		if (stored.row.state !== 'in_review') {
			throw new AppError('CONFLICT', { fields: [{ field: 'reviewerEmail', messageKey: 'error_review_not_in_review' }], details: { state: stored.row.state } });
		}
		const reviewer = await reviewQueries.selectReviewerByEmail(tx, reviewerEmail);
		const reviewerActor = reviewer && { ...reviewer, roles: reviewer.roles.map((role) => ({ ...role, role: role.role as never })) };
		if (!reviewerActor || !hasRole(reviewerActor, 'reviewer')) {
			throw new AppError('VALIDATION', { fields: [{ field: 'reviewerEmail', messageKey: 'error_reviewer_unknown' }] });
		}
		const conflict = conflictOfInterest(reviewerActor, { authorIds: stored.authorIds, municipalityIds: stored.municipalities.map((m) => m.id) });
		if (conflict) {
			throw new AppError('CONFLICT', { fields: [{ field: 'reviewerEmail', messageKey: `error_reviewer_conflict_${conflict}` }], details: { conflict } });
		}
		const existing = await reviewQueries.selectAssignment(tx, id, reviewerActor.id);
		if (existing && existing.status !== 'withdrawn') {
			throw new AppError('CONFLICT', { fields: [{ field: 'reviewerEmail', messageKey: 'error_reviewer_already_assigned' }] });
		}
		const reviewId = await reviewQueries.upsertAssignment(tx, { experienceId: id, reviewerId: reviewerActor.id, assignedBy: actor.id, dueOn });
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.reviewer_assigned',
			subjectType: 'experience',
			subjectId: id,
			details: { reviewerId: reviewerActor.id, dueOn },
			requestId: ctx.requestId
		});
		await queueMail(tx, {
			to: reviewerActor.email,
			subject: translate('mail_review_assigned_subject', ctx.locale, { title: originalTitle(stored) }),
			text: translate('mail_review_assigned_body', ctx.locale, { title: originalTitle(stored), due: dueOn, url: pageUrl(ctx, `/revisiones/${reviewId}`) })
		});
		return { id: reviewId };
	});
}

/** The secretariat withdraws an assignment that has not been submitted yet. */
export async function withdrawReviewer(ctx: ServiceContext, reviewId: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const id = parseReviewId(reviewId);
	await inTransaction(ctx.tx, async (tx) => {
		const review = await reviewQueries.selectReviewForUpdate(tx, id);
		if (!review || review.status === 'withdrawn') throw new AppError('NOT_FOUND');
		if (review.status === 'submitted') {
			throw new AppError('CONFLICT', { fields: [{ field: 'review', messageKey: 'error_review_already_submitted' }] });
		}
		await reviewQueries.markReviewWithdrawn(tx, id);
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.reviewer_withdrawn',
			subjectType: 'experience',
			subjectId: review.experienceId,
			details: { reviewerId: review.reviewerId },
			requestId: ctx.requestId
		});
	});
}

/** What a reviewer sees of one assignment: the experience id and title, the due date and, once sent, their own scores. */
export interface ReviewDto {
	id: string;
	experienceId: string;
	title: string;
	experienceState: string;
	status: string;
	dueOn: string;
	submittedAt: string | null;
	scores: Record<RubricCriterion, { score: number; comment: string }> | null;
}

/** One assignment, for its reviewer or the secretariat; others get 404. */
export async function getReview(ctx: ServiceContext, reviewId: unknown): Promise<ReviewDto> {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const review = await reviewQueries.selectReview(db, parseReviewId(reviewId));
	if (!review || review.status === 'withdrawn') throw new AppError('NOT_FOUND');
	if (review.reviewerId !== actor.id && !hasRole(actor, 'secretariat')) throw new AppError('NOT_FOUND');
	const stored = await queries.selectExperience(db, review.experienceId);
	if (!stored) throw new AppError('NOT_FOUND');
	return {
		id: review.id,
		experienceId: review.experienceId,
		title: originalTitle(stored),
		experienceState: stored.row.state,
		status: review.status,
		dueOn: review.dueOn,
		submittedAt: review.submittedAt?.toISOString() ?? null,
		scores: (review.scores as ReviewDto['scores']) ?? null
	};
}

/** The signed-in reviewer's assignments, open ones first. */
export async function listMyReviews(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const rows = await reviewQueries.selectAssignmentsOf(ctx.tx ?? getDb(), actor.id);
	return rows.map((row) => ({
		id: row.id,
		experienceId: row.experienceId,
		title: row.title,
		experienceState: row.state,
		status: row.status,
		dueOn: row.dueOn,
		submittedAt: row.submittedAt?.toISOString() ?? null
	}));
}

/**
 * The assigned reviewer submits the rubric once: 403 for anyone else, 409 for a second submission or when the
 * experience is no longer in review.
 */
export async function submitReview(ctx: ServiceContext, reviewId: unknown, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const id = parseReviewId(reviewId);
	await inTransaction(ctx.tx, async (tx) => {
		const review = await reviewQueries.selectReviewForUpdate(tx, id);
		if (!review || review.status === 'withdrawn') throw new AppError('NOT_FOUND');
		if (review.reviewerId !== actor.id) throw new AppError('FORBIDDEN', { fields: [{ field: 'review', messageKey: 'error_review_not_assigned' }] });
		if (review.status === 'submitted') {
			throw new AppError('CONFLICT', { fields: [{ field: 'review', messageKey: 'error_review_already_submitted' }] });
		}
		const values = parseInput(ZReviewScores, input);
		const stored = await queries.selectExperience(tx, review.experienceId);
		if (!stored) throw new AppError('NOT_FOUND');
		if (stored.row.state !== 'in_review') {
			throw new AppError('CONFLICT', { fields: [{ field: 'review', messageKey: 'error_review_not_in_review' }], details: { state: stored.row.state } });
		}
		const scores = Object.fromEntries(
			rubricCriteria.map((criterion) => [criterion, { score: values[criterion], comment: values[`${criterion}Comment`] }])
		);
		await reviewQueries.markReviewSubmitted(tx, id, scores);
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.review_submitted',
			subjectType: 'experience',
			subjectId: review.experienceId,
			details: { reviewId: id },
			requestId: ctx.requestId
		});
		const title = originalTitle(stored);
		for (const to of await reviewQueries.selectSecretariatEmails(tx)) {
			await queueMail(tx, {
				to,
				subject: translate('mail_review_submitted_subject', ctx.locale, { title }),
				text: translate('mail_review_submitted_body', ctx.locale, { title, url: pageUrl(ctx, `/experiencias/${review.experienceId}`) })
			});
		}
	});
}

/** The evaluation as the reader may see it: the summary for published records, every review for the secretariat, one's own for a reviewer. */
export interface EvaluationDto {
	summary: ScoreSummary | null;
	recognised: boolean;
	threshold: number;
	assignments: {
		id: string;
		reviewerName: string | null;
		reviewerEmail: string | null;
		status: string;
		dueOn: string;
		submittedAt: string | null;
		scores: Record<RubricCriterion, { score: number; comment: string }> | null;
	}[];
	/** True when the reader may assign reviewers now. */
	canAssign: boolean;
}

/** The evaluation part of an experience page, shaped by who reads it (individual reviews stay private). */
export async function getEvaluation(ctx: ServiceContext, experienceId: unknown): Promise<EvaluationDto> {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(experienceId));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	return evaluationOf(ctx, db, stored);
}

/** The evaluation of an experience already loaded and readable by the actor (see getEvaluation). */
export async function evaluationOf(ctx: ServiceContext, db: Executor, stored: StoredExperience): Promise<EvaluationDto> {
	const id = stored.row.id;
	const threshold = await readThreshold(db);
	const submitted = stored.reviews.filter((review) => review.status === 'submitted' && review.scores);
	const summary = summariseScores(submitted.map((review) => scoresOf(review.scores!)));
	const published = stored.row.state === 'published';
	const isSecretariat = hasRole(ctx.actor, 'secretariat');
	const assignments = isSecretariat || stored.reviews.some((review) => review.reviewerId === ctx.actor?.id)
		? (await reviewQueries.selectAssignmentsFor(db, id))
				.filter((row) => isSecretariat || row.reviewerId === ctx.actor?.id)
				.map((row) => ({
					id: row.id,
					reviewerName: row.reviewerName,
					reviewerEmail: isSecretariat ? row.reviewerEmail : null,
					status: row.status,
					dueOn: row.dueOn,
					submittedAt: row.submittedAt?.toISOString() ?? null,
					scores: (row.scores as EvaluationDto['assignments'][number]['scores']) ?? null
				}))
		: [];
	return {
		summary: published || isSecretariat ? summary : null,
		recognised: published && summary.reviews >= 2 && summary.overall !== null && summary.overall >= threshold,
		threshold,
		assignments,
		canAssign: isSecretariat && stored.row.state === 'in_review'
	};
}

function scoresOf(stored: Record<string, { score: number }>): Record<RubricCriterion, number> {
	return Object.fromEntries(rubricCriteria.map((criterion) => [criterion, stored[criterion]?.score ?? 0])) as Record<RubricCriterion, number>;
}

/** The score from which published experiences are "recognised". */
export async function getRecognitionThreshold(ctx: ServiceContext): Promise<number> {
	return readThreshold(ctx.tx ?? getDb());
}

/** The secretariat sets the recognition threshold; the marks of every published experience follow at once. */
export async function setRecognitionThreshold(ctx: ServiceContext, input: unknown): Promise<{ threshold: number }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const { threshold } = parseInput(ZRecognitionThreshold, input);
	return inTransaction(ctx.tx, async (tx) => {
		const before = await readThreshold(tx);
		await reviewQueries.upsertSetting(tx, THRESHOLD_KEY, threshold, actor.id);
		await refreshRecognition(tx, threshold);
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'setting.changed',
			subjectType: 'setting',
			subjectId: THRESHOLD_KEY,
			details: { from: before, to: threshold },
			requestId: ctx.requestId
		});
		return { threshold };
	});
}
