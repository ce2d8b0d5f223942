// The reads of the one observation read path (observations.ts, values.ts) that carry what files and the API show
// besides the value: the stored note, and counts per period for paging. Drizzle only here and in queries.ts.
import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { observation } from '../db/schema/statistics';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Every stored value of an indicator at a level for a period, with its note (one range of the period index). */
export async function selectValuesWithNotes(db: Executor, code: string, level: string, period: string) {
	return rowsOf<{ territory_id: string; value: number | null; status: string; note: string | null }>(
		await db.execute(sql`select territory_id, value, status, note from ${observation} where indicator_code = ${code} and level = ${level} and period = ${period}`)
	);
}

/** The stored values of an indicator for some territories at a level, every period, with their notes. */
export async function selectSeriesWithNotes(db: Executor, code: string, level: string, territoryIds: string[]) {
	if (!territoryIds.length) return [];
	return rowsOf<{ territoryId: string; period: string; value: number | null; status: string; note: string | null }>(
		await db.execute(sql`select territory_id as "territoryId", period, value, status, note from ${observation}
			where indicator_code = ${code} and level = ${level} and territory_id in (select json_array_elements_text(${JSON.stringify(territoryIds)}::json))
			order by period`)
	);
}

/**
 * How many stored values an indicator has at a level in each period (of one country when asked), so that a page of
 * the observations API reads only the periods it shows. An index-only scan of the covering period index.
 */
export async function selectPeriodCounts(db: Executor, code: string, level: string, filter: { period?: string; country?: string }) {
	return rowsOf<{ period: string; n: number }>(
		await db.execute(sql`select period, count(*)::int as n from ${observation}
			where indicator_code = ${code} and level = ${level}
			and ${filter.period ? sql`period = ${filter.period}` : sql`true`}
			and ${filter.country ? sql`left(territory_id, 2) = ${filter.country}` : sql`true`}
			group by period`)
	);
}
