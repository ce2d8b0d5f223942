import {
	doublePrecision,
	index,
	integer,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/** Countries that have municipalities in the gazetteer; names come from the locale (Intl). */
export const country = pgTable('country', {
	code: text('code').primaryKey(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** First-level units (state, department, province, region), keyed by country + national code. */
export const admin1 = pgTable(
	'admin1',
	{
		countryCode: text('country_code')
			.notNull()
			.references(() => country.code),
		code: text('code').notNull(),
		name: text('name').notNull()
	},
	(t) => [primaryKey({ columns: [t.countryCode, t.code] })]
);

/** Second-level local governments; `id` is `<ISO alpha-2>-<official national code>`. */
export const municipality = pgTable(
	'municipality',
	{
		id: text('id').primaryKey(),
		countryCode: text('country_code')
			.notNull()
			.references(() => country.code),
		code: text('code').notNull(),
		name: text('name').notNull(),
		// Lower-case, accent-free name (normalizeSearchText), the key of the in-memory search.
		searchName: text('search_name').notNull(),
		admin1Code: text('admin1_code').notNull(),
		population: integer('population'),
		populationYear: smallint('population_year'),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		source: text('source').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('municipality_country_admin1_idx').on(t.countryCode, t.admin1Code)
	]
);
