import type { Executor } from '../db';
import { refreshRecognition, deleteListing, upsertListing } from './listing-queries';
import { selectExperience } from './queries';
import { selectSetting } from './review-queries';
import { rubricCriteria, summariseScores, type RubricCriterion } from './review-rules';
import { plainTextOf } from './rich-text';
import { sizeBandOf } from '../territories';

/** Where the recognition threshold is stored. */
export const THRESHOLD_KEY = 'experiences.recognition_threshold';
/** Until the secretariat sets one, a mean of 4 out of 5 earns the mark. */
export const DEFAULT_RECOGNITION_THRESHOLD = 4;

/** The secretariat's recognition threshold, or the default. */
export async function readThreshold(db: Executor): Promise<number> {
	const value = await selectSetting(db, THRESHOLD_KEY);
	return typeof value === 'number' ? value : DEFAULT_RECOGNITION_THRESHOLD;
}

/** Text for the search index: tags removed, accents folded, so "Bogota" finds "Bogotá". */
export function foldForSearch(text: string): string {
	return plainTextOf(text).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Rebuilds the catalogue row of one experience in the caller's transaction: published ones are (re)written,
 * anything else is removed from the catalogue.
 */
export async function syncListing(tx: Executor, experienceId: string): Promise<void> {
	const stored = await selectExperience(tx, experienceId);
	if (!stored || stored.row.state !== 'published' || !stored.row.publishedAt) {
		await deleteListing(tx, experienceId);
		return;
	}
	const threshold = await readThreshold(tx);
	const submitted = stored.reviews.filter((review) => review.status === 'submitted' && review.scores);
	const summary = summariseScores(
		submitted.map(
			(review) =>
				Object.fromEntries(rubricCriteria.map((criterion) => [criterion, review.scores![criterion]?.score ?? 0])) as Record<RubricCriterion, number>
		)
	);
	const start = stored.row.startDate ? Number(stored.row.startDate.slice(0, 4)) : stored.row.publishedAt.getUTCFullYear();
	await upsertListing(
		tx,
		{
			experienceId,
			publishedAt: stored.row.publishedAt,
			year: start,
			countries: [...new Set(stored.municipalities.map((m) => m.countryCode))],
			municipalityIds: stored.municipalities.map((m) => m.id),
			themes: stored.terms.filter((term) => term.facet === 'theme').map((term) => term.code),
			sdgs: stored.terms.filter((term) => term.facet === 'sdg').map((term) => term.code),
			sizeBand: sizeBandOf(stored.municipalities.map((m) => m.population)),
			score: summary.overall,
			recognised: summary.reviews >= 2 && summary.overall !== null && summary.overall >= threshold,
			originalLocale: stored.row.originalLocale,
			titles: Object.fromEntries(stored.texts.map((text) => [text.locale, text.title])),
			summaries: Object.fromEntries(stored.texts.map((text) => [text.locale, plainTextOf(text.summary)])),
			isDemo: stored.row.isDemo
		},
		stored.texts.map((text) => ({
			locale: text.locale,
			title: foldForSearch(text.title),
			summary: foldForSearch(text.summary),
			body: foldForSearch(
				[text.context, text.objectives, text.actors, text.participation, text.resources, text.lessons, text.replication].join('\n')
			)
		}))
	);
}

export { refreshRecognition };
