import { boolean, date, index, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { municipality } from './territories';

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
