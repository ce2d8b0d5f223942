import { sql } from 'drizzle-orm';
import { boolean, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value))
});

/**
 * A statistical indicator: what is measured, in which unit, at which territorial levels and how often, how it rolls
 * up from municipalities, where it comes from; a derived indicator carries its formula over other indicators.
 */
export const indicator = pgTable('indicator', {
	code: text('code').primaryKey(),
	/** Name and definition per language (es, pt, en). */
	names: jsonb('names').$type<Record<string, string>>().notNull(),
	definitions: jsonb('definitions').$type<Record<string, string>>().notNull().default({}),
	unit: text('unit').notNull(),
	/** Power of ten the stored values are expressed in (SDMX UNIT_MULT): 3 = thousands. */
	unitMultiplier: smallint('unit_multiplier').notNull().default(0),
	decimals: smallint('decimals').notNull().default(0),
	theme: text('theme'),
	levels: text('levels').array().notNull().default(sql`'{}'::text[]`),
	periodicity: text('periodicity').notNull().default('annual'),
	aggregation: text('aggregation').notNull().default('none'),
	source: text('source').notNull().default(''),
	licence: text('licence').notNull().default(''),
	formula: jsonb('formula').$type<Record<string, unknown>>(),
	/** Computed from the gazetteer (population, number of municipalities); not editable. */
	builtIn: boolean('built_in').notNull().default(false),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** One import: where the figures came from, the file itself, its mapping, and what it changed. */
export const dataset = pgTable(
	'dataset',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		title: text('title').notNull(),
		publisher: text('publisher').notNull().default(''),
		licence: text('licence').notNull().default(''),
		retrievedOn: date('retrieved_on'),
		sourceUrl: text('source_url'),
		fileName: text('file_name').notNull(),
		fileSha256: text('file_sha256').notNull(),
		file: bytea('file').notNull(),
		/** What the mapping step decided (columns, level, country, indicator, dialect). */
		mapping: jsonb('mapping').$type<Record<string, unknown>>().notNull().default({}),
		// 'uploaded', 'checked', 'running', 'done', 'failed', 'deleted'
		status: text('status').notNull().default('uploaded'),
		rowCount: integer('row_count').notNull().default(0),
		added: integer('added').notNull().default(0),
		revised: integer('revised').notNull().default(0),
		unchanged: integer('unchanged').notNull().default(0),
		/** Problems of the last preview or of the failed commit (first ones), and how many in all. */
		problems: jsonb('problems').$type<{ row: number; column: string; code: string; value?: string }[]>().notNull().default([]),
		problemCount: integer('problem_count').notNull().default(0),
		/**
		 * Progress of the commit as the database holds it (the same on every server, and after a restart): observations
		 * read so far by the running attempt (1 for the first, 2 for a retry), and when it last moved.
		 */
		processed: integer('processed').notNull().default(0),
		attempt: integer('attempt').notNull().default(0),
		progressAt: timestamp('progress_at', { withTimezone: true }),
		createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
		deletedBy: text('deleted_by').references(() => user.id, { onDelete: 'set null' })
	},
	(t) => [index('dataset_created_idx').on(t.createdAt)]
);

/**
 * The current value of an indicator for a territory and period. `level` is country, admin1 or municipality; the
 * territory is the gazetteer's identifier (CL, CL-13, CL-13101). Status is SDMX OBS_STATUS (A, E, P, M, F).
 */
export const observation = pgTable(
	'observation',
	{
		indicatorCode: text('indicator_code')
			.notNull()
			.references(() => indicator.code, { onDelete: 'cascade' }),
		level: text('level').notNull(),
		territoryId: text('territory_id').notNull(),
		period: text('period').notNull(),
		value: doublePrecision('value'),
		status: text('status').notNull().default('A'),
		note: text('note'),
		datasetId: uuid('dataset_id').references(() => dataset.id, { onDelete: 'set null' }),
		updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.indicatorCode, t.level, t.territoryId, t.period] }),
		// Rankings read one indicator, level and period; series and each territory's latest value use the primary key.
		// Migration 0016 makes this index cover territory, value and status (INCLUDE), so a ranking reads no table
		// pages: an import writes territory by territory, so one period's rows are spread over the whole table.
		index('observation_period_idx').on(t.indicatorCode, t.level, t.period),
		index('observation_dataset_idx').on(t.datasetId)
	]
);

/** An earlier value of an observation, kept when it was replaced: by whom, when, and by which import. */
export const observationRevision = pgTable(
	'observation_revision',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		indicatorCode: text('indicator_code').notNull(),
		level: text('level').notNull(),
		territoryId: text('territory_id').notNull(),
		period: text('period').notNull(),
		value: doublePrecision('value'),
		status: text('status').notNull(),
		note: text('note'),
		/** The import the replaced value came from (null: entered by hand or built in). */
		datasetId: uuid('dataset_id'),
		replacedAt: timestamp('replaced_at', { withTimezone: true }).notNull().defaultNow(),
		replacedBy: text('replaced_by').references(() => user.id, { onDelete: 'set null' }),
		/** The import that replaced it, so deleting that import can put it back. */
		replacedByDataset: uuid('replaced_by_dataset')
	},
	(t) => [
		index('observation_revision_key_idx').on(t.indicatorCode, t.level, t.territoryId, t.period),
		index('observation_revision_dataset_idx').on(t.replacedByDataset)
	]
);

/**
 * A rolled-up value of an indicator (decision 0017): a first-level unit's or a country's roll-up of its
 * municipalities' values for one period, by the indicator's aggregation rule, as the read path would compute it
 * (value, weakest status, coverage, and why it is empty). Rewritten by `refreshRollups` in the transaction of every
 * change of municipal values; a territory's own stored value still comes first when read.
 */
export const observationRollup = pgTable(
	'observation_rollup',
	{
		indicatorCode: text('indicator_code')
			.notNull()
			.references(() => indicator.code, { onDelete: 'cascade' }),
		level: text('level').notNull(),
		period: text('period').notNull(),
		territoryId: text('territory_id').notNull(),
		value: doublePrecision('value'),
		status: text('status').notNull(),
		/** Why the value is empty (no_values, no_weights, not_finite), null when there is one. */
		missing: text('missing'),
		/** Coverage: municipalities with a finite value, of those the territory has in the gazetteer. */
		reported: integer('reported').notNull(),
		expected: integer('expected').notNull()
	},
	(t) => [
		// A ranking reads one indicator, level and period; a series and each territory's latest value read by territory.
		primaryKey({ columns: [t.indicatorCode, t.level, t.period, t.territoryId] }),
		index('observation_rollup_territory_idx').on(t.indicatorCode, t.level, t.territoryId, t.period)
	]
);

/**
 * Which indicators' roll-ups are materialised, and by which aggregation rule. An indicator without a row here (never
 * refreshed, e.g. right after the migration) or whose rule has changed since is rolled up when read, as before.
 */
export const observationRollupState = pgTable('observation_rollup_state', {
	indicatorCode: text('indicator_code')
		.primaryKey()
		.references(() => indicator.code, { onDelete: 'cascade' }),
	aggregation: text('aggregation').notNull(),
	refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow()
});
