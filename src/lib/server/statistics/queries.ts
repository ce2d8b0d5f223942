// Indicators and observations for reading and editing (the only place, with import-queries.ts, that touches them).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { indicator, observation } from '../db/schema/statistics';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Every indicator (a few hundred at most), by code. */
export async function selectIndicators(db: Executor) {
	return db.select().from(indicator).orderBy(asc(indicator.code));
}

/** One indicator. */
export async function selectIndicator(db: Executor, code: string) {
	const [row] = await db.select().from(indicator).where(eq(indicator.code, code)).limit(1);
	return row;
}

/** Inserts or replaces an indicator's definition. */
export async function upsertIndicator(db: Executor, values: typeof indicator.$inferInsert): Promise<void> {
	const set = Object.fromEntries(Object.entries(values).filter(([key]) => key !== 'code'));
	await db
		.insert(indicator)
		.values(values)
		.onConflictDoUpdate({ target: indicator.code, set: { ...set, updatedAt: new Date() } });
}

/** Periods with values of an indicator at a level, newest first, with how many territories have one. */
export async function selectPeriods(db: Executor, code: string, level: string) {
	return rowsOf<{ period: string; count: number }>(
		await db.execute(sql`select period, count(*)::int as count from ${observation} where indicator_code = ${code} and level = ${level} group by period order by period desc limit 400`)
	);
}

/** Every value of an indicator at a level for a period (about 17,000 rows at most, read by the ranking index). */
export async function selectValues(db: Executor, code: string, level: string, period: string) {
	return rowsOf<{ territory_id: string; value: number | null; status: string }>(
		await db.execute(sql`select territory_id, value, status from ${observation} where indicator_code = ${code} and level = ${level} and period = ${period}`)
	);
}

/** Each territory's most recent value of an indicator at a level (periods of one periodicity sort as text). */
export async function selectLatestValues(db: Executor, code: string, level: string) {
	return rowsOf<{ territory_id: string; period: string; value: number | null; status: string }>(
		await db.execute(sql`select distinct on (territory_id) territory_id, period, value, status from ${observation}
			where indicator_code = ${code} and level = ${level} order by territory_id, period desc`)
	);
}

/** The values of an indicator for some territories at a level, every period. */
export async function selectSeries(db: Executor, code: string, level: string, territoryIds: string[]) {
	if (!territoryIds.length) return [];
	return db
		.select({ territoryId: observation.territoryId, period: observation.period, value: observation.value, status: observation.status })
		.from(observation)
		.where(and(eq(observation.indicatorCode, code), eq(observation.level, level), inArray(observation.territoryId, territoryIds)))
		.orderBy(asc(observation.period));
}

/** Everything stored for one territory (its key indicators and their history). */
export async function selectTerritoryObservations(db: Executor, level: string, territoryId: string) {
	return db
		.select({ indicatorCode: observation.indicatorCode, period: observation.period, value: observation.value, status: observation.status })
		.from(observation)
		.where(and(eq(observation.territoryId, territoryId), eq(observation.level, level)))
		.orderBy(asc(observation.indicatorCode), asc(observation.period));
}

/** A page of an indicator's observations for the API and exports, in a stable order. */
export async function selectObservationPage(db: Executor, code: string, filter: { level?: string; territory?: string; period?: string }, window: { limit: number; offset: number }) {
	const where = and(
		eq(observation.indicatorCode, code),
		filter.level ? eq(observation.level, filter.level) : undefined,
		filter.territory ? eq(observation.territoryId, filter.territory) : undefined,
		filter.period ? eq(observation.period, filter.period) : undefined
	);
	const rows = await db
		.select({ level: observation.level, territoryId: observation.territoryId, period: observation.period, value: observation.value, status: observation.status, note: observation.note, datasetId: observation.datasetId })
		.from(observation)
		.where(where)
		.orderBy(asc(observation.level), asc(observation.territoryId), asc(observation.period))
		.limit(window.limit)
		.offset(window.offset);
	const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(observation).where(where);
	return { rows, total };
}

/** Observations of a dataset or indicator in keyset batches, for streamed exports. */
export async function selectObservationBatch(db: Executor, filter: { indicatorCode?: string; datasetId?: string }, after: { key: string } | null, limit: number) {
	return rowsOf<{ indicator_code: string; level: string; territory_id: string; period: string; value: number | null; status: string; note: string | null; key: string }>(
		await db.execute(sql`select indicator_code, level, territory_id, period, value, status, note,
			indicator_code || '|' || level || '|' || territory_id || '|' || period as key
			from ${observation}
			where ${filter.indicatorCode ? sql`indicator_code = ${filter.indicatorCode}` : sql`true`}
			and ${filter.datasetId ? sql`dataset_id = ${filter.datasetId}` : sql`true`}
			and ${after ? sql`(indicator_code || '|' || level || '|' || territory_id || '|' || period) > ${after.key}` : sql`true`}
			order by key limit ${limit}`)
	);
}

/** Built-in indicators are recomputed from the gazetteer: population by municipality, municipalities per unit. */
export async function replaceBuiltInObservations(db: Executor): Promise<number> {
	await db.execute(sql`delete from ${observation} where indicator_code in ('POPULATION', 'MUNICIPALITIES') and dataset_id is null`);
	const population = rowsOf<{ n: number }>(
		await db.execute(sql`with added as (insert into ${observation} (indicator_code, level, territory_id, period, value, status, note)
			select 'POPULATION', 'municipality', id, population_year::text, population, 'A', source from municipality
			where population is not null and population_year is not null
			on conflict do nothing returning 1) select count(*)::int as n from added`)
	)[0].n;
	// A unit's count of municipalities is dated like its population, so that inhabitants per municipality can be computed.
	await db.execute(sql`with reference as (
			select country_code, coalesce(max(population_year), extract(year from now())::int)::text as period from municipality group by country_code)
		insert into ${observation} (indicator_code, level, territory_id, period, value, status)
		select 'MUNICIPALITIES', 'country', m.country_code, r.period, count(*), 'A' from municipality m join reference r using (country_code) group by m.country_code, r.period
		union all
		select 'MUNICIPALITIES', 'admin1', m.country_code || '-' || m.admin1_code, r.period, count(*), 'A' from municipality m join reference r using (country_code) group by m.country_code, m.admin1_code, r.period
		on conflict do nothing`);
	return population;
}
