// The materialised roll-ups (decision 0017): their refresh and their reads. Drizzle only here and in the other
// *-queries.ts files.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { indicator, observationRollup, observationRollupState } from '../db/schema/statistics';
import type { MemberRecord } from './cells';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** One materialised cell as written and read. */
export interface RollupRow {
	territory_id: string;
	period: string;
	value: number | null;
	status: string;
	missing: string | null;
	reported: number;
	expected: number;
}

// Two keys (the table's and the indicator's) so that this lock never meets another module's advisory lock.
const LOCK_SPACE = sql`hashtext('observation_rollup')`;

/**
 * Waits until no other transaction refreshes this indicator's roll-ups, and holds that until this one ends. Two
 * refreshes that ran side by side would each delete what the other had not yet committed and insert the same keys;
 * one after the other, the second reads what the first committed (each statement sees the latest commits).
 */
export async function lockIndicatorRollups(tx: Executor, code: string): Promise<void> {
	await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${code}))`);
}

/** Every municipality with its place and population, as the gazetteer's index holds them, read in the caller's transaction. */
export async function selectMembers(tx: Executor): Promise<MemberRecord[]> {
	return rowsOf<MemberRecord>(
		await tx.execute(sql`select m.id, m.country_code as "countryCode", m.admin1_code as "admin1Code", m.population
			from municipality m join admin1 a on a.country_code = m.country_code and a.code = m.admin1_code`)
	);
}

/** An indicator's rule, read in the caller's transaction. */
export async function selectIndicatorRule(tx: Executor, code: string) {
	return rowsOf<{ code: string; aggregation: string; formula: unknown }>(await tx.execute(sql`select code, aggregation, formula from ${indicator} where code = ${code}`))[0];
}

/** The indicators that hold values of their own (not derived by a formula). */
export async function selectStoredIndicatorCodes(db: Executor): Promise<string[]> {
	return rowsOf<{ code: string }>(await db.execute(sql`select code from ${indicator} where formula is null`)).map((row) => row.code);
}

/** Stored indicators that roll up and whose roll-ups are not materialised by their current rule. */
export async function selectStaleRollupCodes(db: Executor): Promise<string[]> {
	return rowsOf<{ code: string }>(
		await db.execute(sql`select i.code from ${indicator} i left join ${observationRollupState} s on s.indicator_code = i.code
			where i.formula is null and i.aggregation <> 'none' and (s.aggregation is null or s.aggregation <> i.aggregation)`)
	).map((row) => row.code);
}

/** Removes an indicator's roll-ups, of some periods only when given. */
export async function deleteRollups(tx: Executor, code: string, periods?: readonly string[]): Promise<void> {
	await tx.execute(sql`delete from ${observationRollup} where indicator_code = ${code}
		and ${periods ? sql`period in (select json_array_elements_text(${JSON.stringify(periods)}::json))` : sql`true`}`);
}

/** Writes a batch of one indicator and level's roll-ups: one JSON parameter however many rows. */
export async function insertRollups(tx: Executor, code: string, level: string, rows: readonly RollupRow[]): Promise<void> {
	if (!rows.length) return;
	await tx.execute(sql`insert into ${observationRollup} (indicator_code, level, period, territory_id, value, status, missing, reported, expected)
		select ${code}, ${level}, r.period, r.territory_id, r.value, r.status, r.missing, r.reported, r.expected
		from json_to_recordset(${JSON.stringify(rows)}::json) as r(period text, territory_id text, value double precision, status text, missing text, reported int, expected int)`);
}

/** Marks an indicator's roll-ups as materialised by a rule (or forgets it, for an indicator that does not roll up). */
export async function storeRollupState(tx: Executor, code: string, aggregation: string | null): Promise<void> {
	if (aggregation === null) {
		await tx.execute(sql`delete from ${observationRollupState} where indicator_code = ${code}`);
		return;
	}
	await tx.execute(sql`insert into ${observationRollupState} (indicator_code, aggregation, refreshed_at) values (${code}, ${aggregation}, now())
		on conflict (indicator_code) do update set aggregation = excluded.aggregation, refreshed_at = excluded.refreshed_at`);
}

/** The rule an indicator's roll-ups were materialised by, or undefined when they are not. */
export async function selectRollupRule(db: Executor, code: string): Promise<string | undefined> {
	return rowsOf<{ aggregation: string }>(await db.execute(sql`select aggregation from ${observationRollupState} where indicator_code = ${code}`))[0]?.aggregation;
}

/** Every materialised roll-up of an indicator at a level for a period (one range of the primary key). */
export async function selectRollupValues(db: Executor, code: string, level: string, period: string) {
	return rowsOf<RollupRow>(
		await db.execute(sql`select territory_id, period, value, status, missing, reported, expected from ${observationRollup}
			where indicator_code = ${code} and level = ${level} and period = ${period}`)
	);
}

/** The materialised roll-ups of some territories at a level, every period. */
export async function selectRollupSeries(db: Executor, code: string, level: string, territoryIds: readonly string[]) {
	if (!territoryIds.length) return [];
	return rowsOf<RollupRow>(
		await db.execute(sql`select territory_id, period, value, status, missing, reported, expected from ${observationRollup}
			where indicator_code = ${code} and level = ${level} and territory_id in (select json_array_elements_text(${JSON.stringify(territoryIds)}::json))
			order by period`)
	);
}

/** Each territory's newest materialised roll-up at a level: the one of the last period its municipalities reported. */
export async function selectLatestRollups(db: Executor, code: string, level: string) {
	return rowsOf<RollupRow>(
		await db.execute(sql`select distinct on (territory_id) territory_id, period, value, status, missing, reported, expected from ${observationRollup}
			where indicator_code = ${code} and level = ${level}
			order by territory_id desc, period desc`)
	);
}
