import { z } from 'zod';
import { paginationFields } from '../pagination';

const longText = z.string().max(20_000, { message: 'error_field_too_long' }).default('');
const currencies = new Set(Intl.supportedValuesOf('currency'));
const list = (item: z.ZodType<string>, max: number) =>
	z.preprocess(
		(value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value),
		z.array(item).max(max, { message: 'error_field_too_large' })
	);

const shortText = (max: number) => z.string().trim().max(max, { message: 'error_field_too_long' }).default('');

/** One result with its evidence: an indicator, its value before and after, and the source. */
export const ZResult = z.object({
	indicator: z.string().trim().min(1, { message: 'error_field_required' }).max(300, { message: 'error_field_too_long' }),
	before: shortText(300),
	after: shortText(300),
	source: shortText(500)
});

/** A link to more about the experience (web page, video, report). */
export const ZLink = z.object({
	label: z.string().trim().min(1, { message: 'error_field_required' }).max(200, { message: 'error_field_too_long' }),
	url: z
		.url({ protocol: /^https?$/, message: 'error_url_invalid' })
		.max(2000, { message: 'error_field_too_long' })
});

/**
 * HTML forms send repeated groups as `results.0.indicator`, `links.1.url`…; gathers them into arrays and drops
 * rows left entirely empty, so the same schema reads the form and the JSON API.
 */
function gatherRows(input: unknown): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	const record = { ...(input as Record<string, unknown>) };
	for (const group of ['results', 'links']) {
		if (Array.isArray(record[group])) continue;
		const rows: Record<string, unknown>[] = [];
		for (const [key, value] of Object.entries(record)) {
			const match = new RegExp(`^${group}\\.(\\d{1,2})\\.(\\w+)$`).exec(key);
			if (!match) continue;
			delete record[key];
			(rows[Number(match[1])] ??= {})[match[2]] = value;
		}
		const filled = rows.filter((row) => row && Object.values(row).some((value) => typeof value === 'string' && value.trim() !== ''));
		if (filled.length) record[group] = filled;
	}
	return record;
}

/** The draft of an experience, as the guided form and the API send it; every field but the title may wait. */
export const ZExperienceDraft = z.preprocess(
	gatherRows,
	z
	.object({
		locale: z.enum(['es', 'pt', 'en'], { message: 'error_field_invalid' }),
		title: z.string().trim().min(1, { message: 'error_field_required' }).max(200, { message: 'error_field_too_long' }),
		summary: z.string().max(2000, { message: 'error_field_too_long' }).default(''),
		context: longText,
		objectives: longText,
		actors: longText,
		participation: longText,
		resources: longText,
		lessons: longText,
		replication: longText,
		municipalityIds: list(z.string().regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' }), 20).default([]),
		themes: list(z.string().max(60), 10).default([]),
		sdgs: list(z.string().regex(/^SDG\d{2}$/, { message: 'error_field_invalid' }), 17).default([]),
		budgetAmount: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e13).optional(),
		budgetCurrency: z
			.string()
			.transform((value) => value.toUpperCase())
			.refine((value) => currencies.has(value), { message: 'error_currency_unknown' })
			.optional(),
		startDate: z.iso.date({ message: 'error_date_invalid' }).optional(),
		endDate: z.iso.date({ message: 'error_date_invalid' }).optional(),
		ongoing: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false),
		contactName: z.string().max(200).optional(),
		contactEmail: z.email({ message: 'error_email_invalid' }).max(254).optional(),
		leadInstitution: z.string().trim().max(300, { message: 'error_field_too_long' }).optional(),
		results: z.array(ZResult).max(20, { message: 'error_field_too_large' }).default([]),
		links: z.array(ZLink).max(20, { message: 'error_field_too_large' }).default([])
	})
	.superRefine((draft, ctx) => {
		if (draft.startDate && draft.endDate && draft.endDate < draft.startDate) {
			ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'error_end_before_start' });
		}
		if (draft.budgetAmount !== undefined && !draft.budgetCurrency) {
			ctx.addIssue({ code: 'custom', path: ['budgetCurrency'], message: 'error_currency_required' });
		}
	})
);
export type TExperienceDraft = z.output<typeof ZExperienceDraft>;

/** A workflow action with its reason. */
export const ZTransition = z.object({
	action: z.enum(['submit', 'accept', 'return', 'reopen', 'publish', 'reject', 'unpublish', 'republish'], { message: 'error_field_invalid' }),
	comment: z.string().max(5000, { message: 'error_field_too_long' }).optional()
});

/** The secretariat assigns a reviewer (by e-mail address) with a due date. */
export const ZAssignReviewer = z.object({
	reviewerEmail: z.email({ message: 'error_email_invalid' }).max(254).transform((value) => value.toLowerCase()),
	dueOn: z.iso.date({ message: 'error_date_invalid' })
});

const score = z.coerce
	.number({ message: 'error_score_invalid' })
	.int({ message: 'error_score_invalid' })
	.min(1, { message: 'error_score_invalid' })
	.max(5, { message: 'error_score_invalid' });
const scoreComment = z.string().trim().min(1, { message: 'error_field_required' }).max(3000, { message: 'error_field_too_long' });

/** A reviewer's rubric: six criteria, each a score 1–5 with a comment (flat, as the HTML form and the API send it). */
export const ZReviewScores = z.object({
	relevance: score,
	relevanceComment: scoreComment,
	evidence: score,
	evidenceComment: scoreComment,
	sustainability: score,
	sustainabilityComment: scoreComment,
	replicability: score,
	replicabilityComment: scoreComment,
	participation: score,
	participationComment: scoreComment,
	innovation: score,
	innovationComment: scoreComment
});
export type TReviewScores = z.output<typeof ZReviewScores>;

/** The score from which a published experience carries the "recognised" mark (mean of all criteria, 1–5). */
export const ZRecognitionThreshold = z.object({
	threshold: z.coerce.number({ message: 'error_field_invalid' }).min(1, { message: 'error_field_invalid' }).max(5, { message: 'error_field_invalid' })
});

/** Filters of the work list (the secretariat's queue, an author's own records). */
export const ZWorkListQuery = z.object({
	state: z.enum(['draft', 'submitted', 'in_review', 'returned', 'published', 'rejected', 'unpublished'], { message: 'error_field_invalid' }).optional(),
	...paginationFields(20)
});

const optionalCode = (pattern: RegExp) =>
	z
		.string()
		.trim()
		.regex(pattern, { message: 'error_field_invalid' })
		.optional();

/** The public catalogue's filters, sorting and page (the same for the HTML page, the API and the exports). */
export const ZCatalogueQuery = z.object({
	q: z.string().trim().max(200, { message: 'error_field_too_long' }).optional(),
	country: optionalCode(/^[A-Za-z]{2}$/).transform((value) => value?.toUpperCase()),
	theme: optionalCode(/^[a-z0-9-]{1,60}$/),
	sdg: optionalCode(/^SDG\d{2}$/),
	municipality: optionalCode(/^[A-Za-z]{2}-[0-9A-Za-z]+$/),
	size: z.enum(['lt10k', '10k-50k', '50k-200k', '200k-1m', 'gt1m', 'unknown'], { message: 'error_field_invalid' }).optional(),
	year: z.coerce.number({ message: 'error_field_invalid' }).int({ message: 'error_field_invalid' }).min(1900, { message: 'error_field_invalid' }).max(2100, { message: 'error_field_invalid' }).optional(),
	recognised: z.preprocess((value) => (value === 'true' || value === 'on' || value === true ? true : undefined), z.literal(true).optional()),
	sort: z.enum(['relevance', 'newest', 'score'], { message: 'error_field_invalid' }).optional(),
	...paginationFields(20)
});
export type TCatalogueQuery = z.output<typeof ZCatalogueQuery>;

/** An official declares their municipality is adopting a published experience. */
export const ZReplication = z.object({
	municipalityId: z.string().trim().regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' }).transform((id) => id.slice(0, 2).toUpperCase() + id.slice(2)),
	status: z.enum(['planned', 'in_progress', 'done'], { message: 'error_field_invalid' }),
	notes: z.string().trim().max(3000, { message: 'error_field_too_long' }).default('')
});

/** A question to the authors, or its answer (plain text). */
export const ZQuestion = z.object({
	body: z.string().trim().min(3, { message: 'error_field_required' }).max(3000, { message: 'error_field_too_long' })
});
export const ZAnswer = z.object({
	answer: z.string().trim().min(1, { message: 'error_field_required' }).max(5000, { message: 'error_field_too_long' })
});
/** A moderator hides a question, saying why. */
export const ZHide = z.object({
	reason: z.string().trim().min(3, { message: 'error_reason_required' }).max(500, { message: 'error_field_too_long' })
});

/** A translation of an experience's texts into another language. */
export const ZTranslation = z.object({
	locale: z.enum(['es', 'pt', 'en'], { message: 'error_field_invalid' }),
	title: z.string().trim().min(1, { message: 'error_field_required' }).max(200, { message: 'error_field_too_long' }),
	summary: z.string().max(2000, { message: 'error_field_too_long' }).default(''),
	context: longText,
	objectives: longText,
	actors: longText,
	participation: longText,
	resources: longText,
	lessons: longText,
	replication: longText
});
export type TTranslation = z.output<typeof ZTranslation>;
