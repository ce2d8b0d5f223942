import { asc, count, eq, max, and } from 'drizzle-orm';
import type { Executor } from '../db';
import { admin1, municipality } from '../db/schema';
import type { Admin1Record, GazetteerRecord } from './gazetteer-index';

/** Every municipality with its first-level unit's name, to build the in-memory gazetteer. */
export async function selectAllMunicipalities(db: Executor): Promise<GazetteerRecord[]> {
	return db
		.select({
			id: municipality.id,
			code: municipality.code,
			countryCode: municipality.countryCode,
			name: municipality.name,
			searchName: municipality.searchName,
			admin1Code: municipality.admin1Code,
			admin1Name: admin1.name,
			population: municipality.population,
			populationYear: municipality.populationYear,
			latitude: municipality.latitude,
			longitude: municipality.longitude,
			source: municipality.source,
			populationSource: municipality.populationSource,
			locationSource: municipality.locationSource
		})
		.from(municipality)
		.innerJoin(admin1, and(eq(admin1.countryCode, municipality.countryCode), eq(admin1.code, municipality.admin1Code)));
}

/** Every first-level unit. */
export async function selectAllAdmin1(db: Executor): Promise<Admin1Record[]> {
	return db.select({ countryCode: admin1.countryCode, code: admin1.code, name: admin1.name }).from(admin1).orderBy(asc(admin1.name));
}

/**
 * A cheap fingerprint of the municipality table: rows are only ever added or updated (never deleted),
 * so the count and the latest update together change whenever the data does.
 */
export async function selectGazetteerVersion(db: Executor): Promise<string> {
	const [row] = await db.select({ rows: count(), latest: max(municipality.updatedAt) }).from(municipality);
	return `${row?.rows ?? 0}:${row?.latest?.toISOString() ?? ''}`;
}
