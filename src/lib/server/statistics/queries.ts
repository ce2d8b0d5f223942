// Indicators and observations for reading and editing (the only place, with import-queries.ts, that touches them).
import { asc, eq, sql } from 'drizzle-orm';
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
 * Each territory's most recent value of an indicator at a level, in no particular order: one backward scan of the
 * primary key's range for the indicator and level, keeping the first row of each territory. Sending every territory
 * of the level and probing the key once for each read 40,000 buffers for POPULATION's 9,565 municipal rows.
 */
export async function selectLatestValues(db: Executor, code: string, level: string) {
	return rowsOf<{ territory_id: string; period: string; value: number | null; status: string }>(
		await db.execute(sql`select distinct on (territory_id) territory_id, period, value, status from ${observation}
			where indicator_code = ${code} and level = ${level}
			order by territory_id desc, period desc`)
	);
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
	// A country's national total (a national source, countries.csv) stands at country level where its municipal figures
	// are missing or cover less than every municipality; the roll-up of the municipal ones stays at its own period with
	// its coverage, and the two are never added together. The note names the national source.
	await db.execute(sql`insert into ${observation} (indicator_code, level, territory_id, period, value, status, note)
		select 'POPULATION', 'country', c.code, c.national_population_year::text, c.national_population, 'A',
			'National source (not a sum of municipalities): ' || c.national_population_source
		from country c join (
			select country_code, count(*) as units, count(*) filter (where population is not null and population_year is not null) as with_population
			from municipality group by country_code) m on m.country_code = c.code
		where c.national_population is not null and c.national_population_year is not null and m.with_population < m.units
		on conflict do nothing`);
	// A unit's count of municipalities is dated like its population (the municipal figures', else the national one), so
	// that inhabitants per municipality can be computed.
	await db.execute(sql`with reference as (
			select m.country_code, coalesce(max(m.population_year), max(c.national_population_year), extract(year from now())::int)::text as period
			from municipality m join country c on c.code = m.country_code group by m.country_code)
		insert into ${observation} (indicator_code, level, territory_id, period, value, status)
		select 'MUNICIPALITIES', 'country', m.country_code, r.period, count(*), 'A' from municipality m join reference r using (country_code) group by m.country_code, r.period
		union all
		select 'MUNICIPALITIES', 'admin1', m.country_code || '-' || m.admin1_code, r.period, count(*), 'A' from municipality m join reference r using (country_code) group by m.country_code, m.admin1_code, r.period
		on conflict do nothing`);
	return population;
}
