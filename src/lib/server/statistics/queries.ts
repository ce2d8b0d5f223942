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

/**
 * The periods an indicator has values for at a level, newest first: a loose index scan (one index probe per period)
 * rather than grouping every observation, which for a million values took a second.
 */
export async function selectPeriods(db: Executor, code: string, level: string) {
	return rowsOf<{ period: string }>(
		await db.execute(sql`with recursive found as (
			(select period from ${observation} where indicator_code = ${code} and level = ${level} order by period desc limit 1)
			union all
			select (select o.period from ${observation} o where o.indicator_code = ${code} and o.level = ${level} and o.period < found.period order by o.period desc limit 1)
			from found where found.period is not null)
		select period from found where period is not null limit 400`)
	);
}

/** Every value of an indicator at a level for a period (about 17,000 rows at most, read by the ranking index). */
export async function selectValues(db: Executor, code: string, level: string, period: string) {
	return rowsOf<{ territory_id: string; value: number | null; status: string }>(
		await db.execute(sql`select territory_id, value, status from ${observation} where indicator_code = ${code} and level = ${level} and period = ${period}`)
	);
}

/**
 * Each listed territory's most recent value of an indicator at a level: one backward probe of the primary key per
 * territory, instead of sorting every observation of the indicator.
 */
export async function selectLatestValues(db: Executor, code: string, level: string, territoryIds: string[]) {
	if (!territoryIds.length) return [];
	return rowsOf<{ territory_id: string; period: string; value: number | null; status: string }>(
		await db.execute(sql`select t.id as territory_id, o.period, o.value, o.status
			from json_array_elements_text(${JSON.stringify(territoryIds)}::json) as t(id)
			cross join lateral (select period, value, status from ${observation}
				where indicator_code = ${code} and level = ${level} and territory_id = t.id order by period desc limit 1) o`)
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
