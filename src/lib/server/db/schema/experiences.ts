import { boolean, customType, date, index, integer, jsonb, numeric, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { user } from './auth';
import { municipality } from './territories';

/** One result with its evidence. */
export interface ExperienceResult {
	indicator: string;
	before: string;
	after: string;
	source: string;
}

/** A link to more about an experience. */
export interface ExperienceLink {
	label: string;
	url: string;
}

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value))
});

/** A documented municipal practice going through registration, evaluation and dissemination. */
export const experience = pgTable(
	'experience',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		state: text('state').notNull().default('draft'),
		originalLocale: text('original_locale').notNull(),
		budgetAmount: numeric('budget_amount', { precision: 16, scale: 2 }),
		budgetCurrency: text('budget_currency'),
		startDate: date('start_date'),
		endDate: date('end_date'),
		ongoing: boolean('ongoing').notNull().default(false),
		contactName: text('contact_name'),
		contactEmail: text('contact_email'),
		leadInstitution: text('lead_institution'),
		/** Results with evidence: indicator, value before and after, and where it comes from. */
		results: jsonb('results').$type<ExperienceResult[]>().notNull().default([]),
		links: jsonb('links').$type<ExperienceLink[]>().notNull().default([]),
		/** Increases with every edit after publication; earlier contents are kept in experience_version. */
		version: integer('version').notNull().default(1),
		/** Demonstration records loaded by `npm run data:demo`, marked as such wherever they are shown. */
		isDemo: boolean('is_demo').notNull().default(false),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [index('experience_state_idx').on(t.state, t.publishedAt)]
);

/** The texts of an experience in one language; the original language is marked, others are translations. */
export const experienceText = pgTable(
	'experience_text',
	{
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		locale: text('locale').notNull(),
		isOriginal: boolean('is_original').notNull().default(false),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		context: text('context').notNull().default(''),
		objectives: text('objectives').notNull().default(''),
		actors: text('actors').notNull().default(''),
		participation: text('participation').notNull().default(''),
		resources: text('resources').notNull().default(''),
		lessons: text('lessons').notNull().default(''),
		replication: text('replication').notNull().default(''),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.experienceId, t.locale] })]
);

/** Municipalities involved in an experience. */
export const experienceMunicipality = pgTable(
	'experience_municipality',
	{
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		municipalityId: text('municipality_id')
			.notNull()
			.references(() => municipality.id)
	},
	(t) => [primaryKey({ columns: [t.experienceId, t.municipalityId] }), index('experience_municipality_idx').on(t.municipalityId)]
);

/** People who write an experience (besides officials of its municipalities). */
export const experienceAuthor = pgTable(
	'experience_author',
	{
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.experienceId, t.userId] }), index('experience_author_user_idx').on(t.userId)]
);

/** Themes and SDGs an experience is tagged with (taxonomy facet + code). */
export const experienceTerm = pgTable(
	'experience_term',
	{
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		facet: text('facet').notNull(),
		code: text('code').notNull()
	},
	(t) => [primaryKey({ columns: [t.experienceId, t.facet, t.code] }), index('experience_term_idx').on(t.facet, t.code)]
);

/** Every change of state: who, when, from where to where, and why. */
export const experienceEvent = pgTable(
	'experience_event',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		action: text('action').notNull(),
		fromState: text('from_state').notNull(),
		toState: text('to_state').notNull(),
		actorId: text('actor_id').references(() => user.id, { onDelete: 'set null' }),
		comment: text('comment'),
		occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('experience_event_experience_idx').on(t.experienceId, t.occurredAt)]
);

/** A reviewer assigned to an experience, and once submitted, their rubric scores (private to them and the secretariat). */
export const experienceReview = pgTable(
	'experience_review',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		// Kept when the reviewer deletes their account (the scores still count): the reviewer is then null, "former user".
		reviewerId: text('reviewer_id').references(() => user.id, { onDelete: 'set null' }),
		assignedBy: text('assigned_by').references(() => user.id, { onDelete: 'set null' }),
		assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull().defaultNow(),
		dueOn: date('due_on').notNull(),
		// 'assigned', 'submitted' or 'withdrawn'
		status: text('status').notNull().default('assigned'),
		/** Criterion → { score 1–5, comment }. */
		scores: jsonb('scores').$type<Record<string, { score: number; comment: string }>>(),
		submittedAt: timestamp('submitted_at', { withTimezone: true })
	},
	(t) => [uniqueIndex('experience_review_unique').on(t.experienceId, t.reviewerId), index('experience_review_reviewer_idx').on(t.reviewerId, t.status)]
);

/** Earlier contents of a published experience, one row per edit after publication. */
export const experienceVersion = pgTable(
	'experience_version',
	{
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		/** The texts and structured fields as they were. */
		snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.experienceId, t.version] })]
);

/** A municipality adopting a published experience. */
export const experienceReplication = pgTable(
	'experience_replication',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		municipalityId: text('municipality_id')
			.notNull()
			.references(() => municipality.id),
		// 'planned', 'in_progress' or 'done'
		status: text('status').notNull(),
		notes: text('notes').notNull().default(''),
		declaredBy: text('declared_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [uniqueIndex('experience_replication_unique').on(t.experienceId, t.municipalityId)]
);

/** A question to the authors of a published experience, its answer, and moderation. */
export const experienceQuestion = pgTable(
	'experience_question',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		askedBy: text('asked_by').references(() => user.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		askedAt: timestamp('asked_at', { withTimezone: true }).notNull().defaultNow(),
		answer: text('answer'),
		answeredBy: text('answered_by').references(() => user.id, { onDelete: 'set null' }),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		hiddenAt: timestamp('hidden_at', { withTimezone: true }),
		hiddenBy: text('hidden_by').references(() => user.id, { onDelete: 'set null' }),
		hiddenReason: text('hidden_reason')
	},
	(t) => [index('experience_question_experience_idx').on(t.experienceId, t.askedAt)]
);

/** A file attached to an experience (PDF, image, office document), kept in the database so every process sees it. */
export const experienceAttachment = pgTable(
	'experience_attachment',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		fileName: text('file_name').notNull(),
		/** The type found in the content, not the one the browser claimed. */
		contentType: text('content_type').notNull(),
		byteSize: integer('byte_size').notNull(),
		sha256: text('sha256').notNull(),
		content: bytea('content').notNull(),
		uploadedBy: text('uploaded_by').references(() => user.id, { onDelete: 'set null' }),
		uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('experience_attachment_experience_idx').on(t.experienceId)]
);

/**
 * The public catalogue: one row per published experience, rebuilt in the same transaction as every change
 * that affects it, so search and facets read one indexed table.
 */
export const experienceListing = pgTable(
	'experience_listing',
	{
		experienceId: uuid('experience_id')
			.primaryKey()
			.references(() => experience.id, { onDelete: 'cascade' }),
		publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
		year: smallint('year'),
		countries: text('countries').array().notNull(),
		municipalityIds: text('municipality_ids').array().notNull(),
		themes: text('themes').array().notNull(),
		sdgs: text('sdgs').array().notNull(),
		sizeBand: text('size_band').notNull(),
		score: numeric('score', { precision: 4, scale: 2, mode: 'number' }),
		recognised: boolean('recognised').notNull().default(false),
		originalLocale: text('original_locale').notNull(),
		titles: jsonb('titles').$type<Record<string, string>>().notNull(),
		summaries: jsonb('summaries').$type<Record<string, string>>().notNull(),
		isDemo: boolean('is_demo').notNull().default(false),
		/** Title, summary and body of every language, each stemmed in its own language, accents removed. */
		document: tsvector('document').notNull(),
		/**
		 * The title's and summary's lexemes alone (weights A and B of `document`), for ranking: about 450 bytes, kept
		 * in the row, where `document` (about 1.8 KB) is stored out of line and ranking a common word's 40,000 matches
		 * by it meant fetching and decompressing each one.
		 */
		headDocument: tsvector('head_document')
			.notNull()
			.generatedAlwaysAs(sql`ts_filter(document, '{a,b}')`)
	},
	(t) => [
		index('experience_listing_document_idx').using('gin', t.document),
		index('experience_listing_themes_idx').using('gin', t.themes),
		index('experience_listing_sdgs_idx').using('gin', t.sdgs),
		index('experience_listing_countries_idx').using('gin', t.countries),
		// Newest first, with what "the newest sharing a theme" (related experiences) and keyset paging read: an
		// index-only scan. With the publication time alone, the related query read ~8,000 rows of 100,000 (40 ms).
		index('experience_listing_recent_idx').on(t.publishedAt, t.experienceId, t.themes),
		index('experience_listing_score_idx').on(t.score)
	]
);

/**
 * A substantive edit of a published experience, waiting for the secretariat (issue 13 finding 5): the public record
 * stays as it is until the secretariat approves, which applies the changed fields; a rejection keeps the reason.
 * At most one pending version per experience (a new edit by its authors replaces it).
 */
export const experienceRevision = pgTable(
	'experience_revision',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		experienceId: uuid('experience_id')
			.notNull()
			.references(() => experience.id, { onDelete: 'cascade' }),
		/** The whole proposed draft, as the edit form and the API send it (checked and sanitised). */
		proposed: jsonb('proposed').$type<Record<string, unknown>>().notNull(),
		/** The fields that differ from the published record when it was proposed; only these are applied. */
		changedFields: text('changed_fields').array().notNull(),
		/** The published version it was written against. */
		baseVersion: integer('base_version').notNull(),
		// 'pending', 'approved', 'rejected' or 'withdrawn' (replaced by its authors' own later edit)
		status: text('status').notNull().default('pending'),
		proposedBy: text('proposed_by').references(() => user.id, { onDelete: 'set null' }),
		proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		reason: text('reason')
	},
	(t) => [
		uniqueIndex('experience_revision_pending_unique').on(t.experienceId).where(sql`${t.status} = 'pending'`),
		index('experience_revision_status_idx').on(t.status, t.proposedAt)
	]
);
