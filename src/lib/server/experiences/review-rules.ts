import type { Actor } from '../context';

/** The six criteria of the evaluation rubric, each scored 1–5 with a comment. */
export const rubricCriteria = [
	'relevance',
	'evidence',
	'sustainability',
	'replicability',
	'participation',
	'innovation'
] as const;
export type RubricCriterion = (typeof rubricCriteria)[number];

/** Why a person may not review an experience, or null when they may. */
export type ConflictOfInterest = 'author' | 'same_municipality' | 'same_institution' | null;

/**
 * The conflict-of-interest rule: nobody reviews their own experience, one from a municipality they are an
 * official of, or one led by an institution they belong to.
 */
export function conflictOfInterest(
	reviewer: Actor & { institutionIds?: readonly string[] },
	experience: { authorIds: readonly string[]; municipalityIds: readonly string[]; leadInstitutionId?: string | null }
): ConflictOfInterest {
	if (experience.authorIds.includes(reviewer.id)) return 'author';
	const officialOf = reviewer.roles.filter((grant) => grant.role === 'municipal_official').map((grant) => grant.municipalityId);
	if (officialOf.some((id) => id !== null && experience.municipalityIds.includes(id))) return 'same_municipality';
	if (experience.leadInstitutionId && reviewer.institutionIds?.includes(experience.leadInstitutionId)) return 'same_institution';
	return null;
}

/** One submitted review's scores. */
export type RubricScores = Record<RubricCriterion, number>;

/** Mean per criterion and overall, over submitted reviews (two decimals); null means without reviews. */
export interface ScoreSummary {
	reviews: number;
	perCriterion: Record<RubricCriterion, number | null>;
	overall: number | null;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * Reviews from which the per-criterion means are shown. With two, the public mean of a criterion and one's own score
 * give away the other reviewer's (issue 13 finding 6); from three, no reviewer can tell the others' apart.
 */
export const MIN_REVIEWS_PER_CRITERION = 3;

/**
 * Aggregates submitted reviews into the public evaluation summary (individual reviews stay private): the overall
 * mean always, the mean per criterion only from MIN_REVIEWS_PER_CRITERION reviews.
 */
export function summariseScores(reviews: readonly RubricScores[]): ScoreSummary {
	const shown = reviews.length >= MIN_REVIEWS_PER_CRITERION;
	const perCriterion = Object.fromEntries(
		rubricCriteria.map((criterion) => [
			criterion,
			shown ? round2(reviews.reduce((sum, review) => sum + review[criterion], 0) / reviews.length) : null
		])
	) as Record<RubricCriterion, number | null>;
	const all = reviews.flatMap((review) => rubricCriteria.map((criterion) => review[criterion]));
	return { reviews: reviews.length, perCriterion, overall: all.length ? round2(all.reduce((a, b) => a + b, 0) / all.length) : null };
}

/** A published experience is "recognised" when at least two reviews give a mean at or above the secretariat's threshold. */
export function isRecognised(summary: ScoreSummary, threshold: number, published: boolean): boolean {
	return published && summary.reviews >= 2 && summary.overall !== null && summary.overall >= threshold;
}
