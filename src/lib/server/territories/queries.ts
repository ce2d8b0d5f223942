import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { admin1, country, municipality } from '../db/schema';

export interface MunicipalityRow {
	id: string;
	code: string;
	countryCode: string;
	name: string;
	admin1Code: string;
	admin1Name: string;
	population: number | null;
	populationYear: number | null;
	latitude: number | null;
	longitude: number | null;
	source: string;
}

const municipalityColumns = {
	id: municipality.id,
	code: municipality.code,
	countryCode: municipality.countryCode,
	name: municipality.name,
	admin1Code: municipality.admin1Code,
	admin1Name: admin1.name,
	population: municipality.population,
	populationYear: municipality.populationYear,
	latitude: municipality.latitude,
	longitude: municipality.longitude,
	source: municipality.source
};

const joinAdmin1 = and(eq(admin1.countryCode, municipality.countryCode), eq(admin1.code, municipality.admin1Code));

/** Per-country counts and population sums. */
export async function selectCountrySummaries(db: Executor) {
	return db
		.select({
			code: country.code,
			municipalityCount: sql<number>`count(${municipality.id})::int`,
			population: sql<number | null>`sum(${municipality.population})::bigint`.mapWith(nullableNumber),
			municipalitiesWithPopulation: sql<number>`count(${municipality.population})::int`
		})
		.from(country)
		.leftJoin(municipality, eq(municipality.countryCode, country.code))
		.groupBy(country.code)
		.orderBy(asc(country.code));
}

/** Whether a country is in the gazetteer. */
export async function countryExists(db: Executor, code: string): Promise<boolean> {
	const rows = await db.select({ code: country.code }).from(country).where(eq(country.code, code)).limit(1);
	return rows.length > 0;
}

/** Whether a first-level unit exists in a country. */
export async function admin1Exists(db: Executor, countryCode: string, code: string): Promise<boolean> {
	const rows = await db
		.select({ code: admin1.code })
		.from(admin1)
		.where(and(eq(admin1.countryCode, countryCode), eq(admin1.code, code)))
		.limit(1);
	return rows.length > 0;
}

/** First-level units of a country with counts and population sums. */
export async function selectAdmin1Summaries(db: Executor, countryCode: string) {
	return db
		.select({
			code: admin1.code,
			name: admin1.name,
			municipalityCount: sql<number>`count(${municipality.id})::int`,
			population: sql<number | null>`sum(${municipality.population})::bigint`.mapWith(nullableNumber)
		})
		.from(admin1)
		.leftJoin(
			municipality,
			and(eq(municipality.countryCode, admin1.countryCode), eq(municipality.admin1Code, admin1.code))
		)
		.where(eq(admin1.countryCode, countryCode))
		.groupBy(admin1.countryCode, admin1.code, admin1.name)
		.orderBy(asc(admin1.name));
}

/** One municipality by identifier. */
export async function selectMunicipalityById(db: Executor, id: string): Promise<MunicipalityRow | undefined> {
	const rows = await db
		.select(municipalityColumns)
		.from(municipality)
		.innerJoin(admin1, joinAdmin1)
		.where(eq(municipality.id, id))
		.limit(1);
	return rows[0];
}

export interface MunicipalitySearchFilter {
	/** Normalised query text (accent-free, lower case); empty for none. */
	text: string;
	/** The raw query, matched against codes and identifiers. */
	raw: string;
	countryCode?: string;
	admin1Code?: string;
	limit: number;
	offset: number;
}

function searchConditions(filter: MunicipalitySearchFilter): SQL | undefined {
	const conditions: SQL[] = [];
	if (filter.countryCode) conditions.push(eq(municipality.countryCode, filter.countryCode));
	if (filter.admin1Code) conditions.push(eq(municipality.admin1Code, filter.admin1Code));
	if (filter.text || filter.raw) {
		const like = `%${escapeLike(filter.text)}%`;
		const matches: SQL[] = [];
		if (filter.text) {
			// `%` is trigram similarity (typos), `<%` word similarity (a word inside a longer name), LIKE for fragments.
			matches.push(sql`${municipality.searchName} % ${filter.text}`);
			matches.push(sql`${filter.text} <% ${municipality.searchName}`);
			matches.push(sql`${municipality.searchName} like ${like}`);
		}
		matches.push(sql`${municipality.code} = ${filter.raw}`);
		matches.push(sql`${municipality.id} = ${filter.raw.toUpperCase()}`);
		conditions.push(sql`(${sql.join(matches, sql` or `)})`);
	}
	return conditions.length ? and(...conditions) : undefined;
}

/** Ranked page of municipalities matching a search. */
export async function selectMunicipalityPage(db: Executor, filter: MunicipalitySearchFilter): Promise<MunicipalityRow[]> {
	const where = searchConditions(filter);
	const query = db.select(municipalityColumns).from(municipality).innerJoin(admin1, joinAdmin1).where(where);
	if (!filter.text && !filter.raw) {
		return query.orderBy(asc(municipality.searchName), asc(municipality.id)).limit(filter.limit).offset(filter.offset);
	}
	const prefix = `${escapeLike(filter.text)}%`;
	return query
		.orderBy(
			sql`(${municipality.code} = ${filter.raw} or ${municipality.id} = ${filter.raw.toUpperCase()}) desc`,
			sql`(${municipality.searchName} = ${filter.text}) desc`,
			sql`(${municipality.searchName} like ${prefix}) desc`,
			sql`greatest(similarity(${municipality.searchName}, ${filter.text}), word_similarity(${filter.text}, ${municipality.searchName})) desc`,
			sql`${municipality.population} desc nulls last`,
			asc(municipality.id)
		)
		.limit(filter.limit)
		.offset(filter.offset);
}

/** Number of municipalities matching a search. */
export async function countMunicipalities(db: Executor, filter: MunicipalitySearchFilter): Promise<number> {
	const rows = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(municipality)
		.where(searchConditions(filter));
	return rows[0]?.n ?? 0;
}

function escapeLike(value: string): string {
	return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function nullableNumber(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}
