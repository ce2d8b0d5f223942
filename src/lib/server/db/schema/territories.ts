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

/**
 * Countries that have municipalities in the gazetteer; names come from the locale (Intl). The level words are the
 * country's own (manifest.json), the national population a national source's total (countries.csv), never a sum.
 */
export const country = pgTable('country', {
	code: text('code').primaryKey(),
	// What the country calls its local units, in its own language: `municipio`/`municipios`, `parish`/`parishes`.
	levelName: text('level_name'),
	levelNamePlural: text('level_name_plural'),
	// Which code system the units' codes belong to (national statistics office, ISO 3166-2, GeoNames, FIPS).
	codeSystem: text('code_system'),
	nationalPopulation: integer('national_population'),
	nationalPopulationYear: smallint('national_population_year'),
	nationalPopulationSource: text('national_population_source'),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** Units a source names but gives no code (e.g. Uruguay's municipios created for 2020): known, shown, never loaded. */
export const territoryWithoutCode = pgTable(
	'territory_without_code',
	{
		countryCode: text('country_code')
			.notNull()
			.references(() => country.code),
		name: text('name').notNull(),
		admin1Name: text('admin1_name').notNull(),
		file: text('file').notNull(),
		source: text('source').notNull()
	},
	(t) => [primaryKey({ columns: [t.countryCode, t.admin1Name, t.name] })]
);

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
		// Set when the value comes from a sidecar file (population/, coordinates/); null: from `source`, or no value.
		populationSource: text('population_source'),
		locationSource: text('location_source'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('municipality_country_admin1_idx').on(t.countryCode, t.admin1Code)
	]
);
