import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { admin1, country, municipality, territoryWithoutCode } from '../db/schema';

/** Whether any municipality is loaded. */
export async function selectAnyMunicipality(db: Executor): Promise<boolean> {
	const rows = await db.select({ id: municipality.id }).from(municipality).limit(1);
	return rows.length > 0;
}

/** Adds the country if it is new. */
export async function upsertCountry(db: Executor, code: string): Promise<void> {
	await db.insert(country).values({ code }).onConflictDoNothing();
}

/** Inserts first-level units and renames those whose name changed. */
export async function upsertAdmin1(db: Executor, countryCode: string, units: { code: string; name: string }[]): Promise<void> {
	for (let start = 0; start < units.length; start += 500) {
		await db
			.insert(admin1)
			.values(units.slice(start, start + 500).map((unit) => ({ countryCode, ...unit })))
			.onConflictDoUpdate({ target: [admin1.countryCode, admin1.code], set: { name: sql`excluded.name` } });
	}
}

/** The stored municipalities of a country, for comparing with a file. */
export async function selectMunicipalitiesOfCountry(db: Executor, countryCode: string) {
	return db
		.select({
			id: municipality.id,
			name: municipality.name,
			admin1Code: municipality.admin1Code,
			population: municipality.population,
			populationYear: municipality.populationYear,
			latitude: municipality.latitude,
			longitude: municipality.longitude,
			source: municipality.source,
			populationSource: municipality.populationSource,
			locationSource: municipality.locationSource
		})
		.from(municipality)
		.where(eq(municipality.countryCode, countryCode));
}

export type NewMunicipality = typeof municipality.$inferInsert;

/** Inserts or updates municipalities in batches (both drivers cap the parameters of one statement). */
export async function upsertMunicipalities(db: Executor, rows: NewMunicipality[]): Promise<void> {
	for (let start = 0; start < rows.length; start += 500) {
		await db
			.insert(municipality)
			.values(rows.slice(start, start + 500))
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
					populationSource: sql`excluded.population_source`,
					locationSource: sql`excluded.location_source`,
					updatedAt: sql`now()`
				}
			});
	}
}

export type CountryReference = Omit<typeof country.$inferSelect, 'createdAt'>;

/** Every country's level words, code system and national population. */
export async function selectCountryReferences(db: Executor): Promise<CountryReference[]> {
	return db
		.select({
			code: country.code,
			levelName: country.levelName,
			levelNamePlural: country.levelNamePlural,
			codeSystem: country.codeSystem,
			nationalPopulation: country.nationalPopulation,
			nationalPopulationYear: country.nationalPopulationYear,
			nationalPopulationSource: country.nationalPopulationSource
		})
		.from(country);
}

/** Adds or updates countries' level words, code system and national population. */
export async function upsertCountryReferences(db: Executor, rows: CountryReference[]): Promise<void> {
	if (!rows.length) return;
	await db
		.insert(country)
		.values(rows)
		.onConflictDoUpdate({
			target: country.code,
			set: {
				levelName: sql`excluded.level_name`,
				levelNamePlural: sql`excluded.level_name_plural`,
				codeSystem: sql`excluded.code_system`,
				nationalPopulation: sql`excluded.national_population`,
				nationalPopulationYear: sql`excluded.national_population_year`,
				nationalPopulationSource: sql`excluded.national_population_source`
			}
		});
}

export type UnitWithoutCodeRow = typeof territoryWithoutCode.$inferSelect;

/** The units without a code listed from one file. */
export async function selectUnitsWithoutCode(db: Executor, file: string): Promise<UnitWithoutCodeRow[]> {
	return db.select().from(territoryWithoutCode).where(eq(territoryWithoutCode.file, file));
}

/** Every unit without a code, for the "about the data" page. */
export async function selectAllUnitsWithoutCode(db: Executor): Promise<UnitWithoutCodeRow[]> {
	return db.select().from(territoryWithoutCode);
}

/** Replaces the list of units without a code that one file gives. */
export async function replaceUnitsWithoutCode(db: Executor, file: string, rows: UnitWithoutCodeRow[]): Promise<void> {
	await db.delete(territoryWithoutCode).where(eq(territoryWithoutCode.file, file));
	if (rows.length) await db.insert(territoryWithoutCode).values(rows);
}
