import { and, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { admin1, country, municipality } from '../db/schema';

// Well under the 65,535 bind parameters one statement may carry on PostgreSQL and PGlite (13 columns × 500).
const BATCH_SIZE = 500;

/** Whether any municipality is stored; a single-row probe, cheap enough for every start. */
export async function selectAnyMunicipality(db: Executor): Promise<boolean> {
	const rows = await db.select({ id: municipality.id }).from(municipality).limit(1);
	return rows.length > 0;
}

/** Adds the country when it is new; true when it was added, so an unchanged file writes nothing. */
export async function insertCountryIfMissing(db: Executor, code: string): Promise<boolean> {
	const inserted = await db.insert(country).values({ code }).onConflictDoNothing().returning({ code: country.code });
	return inserted.length > 0;
}

/** The stored first-level units of a country, to compare with a file. */
export async function selectAdmin1OfCountry(db: Executor, countryCode: string): Promise<{ code: string; name: string }[]> {
	return db.select({ code: admin1.code, name: admin1.name }).from(admin1).where(eq(admin1.countryCode, countryCode));
}

/** Adds first-level units (a country has a few dozen, one statement is enough). */
export async function insertAdmin1(db: Executor, countryCode: string, units: { code: string; name: string }[]): Promise<void> {
	for (let start = 0; start < units.length; start += BATCH_SIZE) {
		await db.insert(admin1).values(units.slice(start, start + BATCH_SIZE).map((unit) => ({ countryCode, ...unit })));
	}
}

/** Renames one first-level unit; renames are rare, so one statement per unit is fine. */
export async function updateAdmin1Name(db: Executor, countryCode: string, code: string, name: string): Promise<void> {
	await db.update(admin1).set({ name }).where(and(eq(admin1.countryCode, countryCode), eq(admin1.code, code)));
}

/** The stored municipalities of a country with every column a file can change, to compare with it. */
export async function selectMunicipalitiesOfCountry(db: Executor, countryCode: string) {
	return db
		.select({
			id: municipality.id,
			name: municipality.name,
			searchName: municipality.searchName,
			admin1Code: municipality.admin1Code,
			population: municipality.population,
			populationYear: municipality.populationYear,
			latitude: municipality.latitude,
			longitude: municipality.longitude,
			source: municipality.source
		})
		.from(municipality)
		.where(eq(municipality.countryCode, countryCode));
}

/** A stored municipality as the loader compares it with a file row. */
export type StoredMunicipality = Awaited<ReturnType<typeof selectMunicipalitiesOfCountry>>[number];

/** A municipality row to write. */
export type NewMunicipality = typeof municipality.$inferInsert;

/** Inserts new and overwrites changed municipalities in batches; created_at survives, updated_at moves. */
export async function upsertMunicipalities(db: Executor, rows: NewMunicipality[]): Promise<void> {
	for (let start = 0; start < rows.length; start += BATCH_SIZE) {
		await db
			.insert(municipality)
			.values(rows.slice(start, start + BATCH_SIZE))
			.onConflictDoUpdate({
				target: municipality.id,
				set: {
					name: sql`excluded.name`,
					searchName: sql`excluded.search_name`,
					admin1Code: sql`excluded.admin1_code`,
					population: sql`excluded.population`,
					populationYear: sql`excluded.population_year`,
					latitude: sql`excluded.latitude`,
					longitude: sql`excluded.longitude`,
					source: sql`excluded.source`,
					updatedAt: sql`now()`
				}
			});
	}
}

/** Number of stored municipalities per country code, for load summaries and checks. */
export async function countMunicipalitiesByCountry(db: Executor): Promise<Map<string, number>> {
	const rows = await db
		.select({ countryCode: municipality.countryCode, n: count() })
		.from(municipality)
		.groupBy(municipality.countryCode);
	return new Map(rows.map((row) => [row.countryCode, Number(row.n)]));
}
