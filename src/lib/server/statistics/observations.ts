// The one read path of an indicator's observations (decision 0012): the observations API, the CSV, SDMX-CSV and JSON
// downloads read here, and the indicator page reads the same cells of values.ts one period at a time. Stored,
// rolled-up and derived values come out alike, each with its basis, and the same filters and order apply to all three.
import type { AggregationMissing } from './aggregation';
import type { DerivedMissing } from './formulas';
import { selectPeriodCounts, selectValuesWithNotes } from './observation-queries';
import { levels, type Level } from './territory-resolver';
import { formulaOf, periodsOf, seriesOf, valuesAt, type Basis, type Cell, type IndicatorRow, type ValueSource } from './values';

/** Which observations to read: all of them, or of one level, period, territory and/or country. */
export interface ObservationFilter {
	level?: Level;
	period?: string;
	territory?: string;
	country?: string;
}

/** One observation as every output publishes it. */
export interface Observation {
	level: Level;
	territory: string;
	period: string;
	value: number | null;
	status: string;
	note: string | null;
	basis: Basis;
	/** For a rolled-up value: how many of the territory's municipalities reported. */
	coverage: { reported: number; expected: number } | null;
	/** For an empty computed value: why (a missing input, a zero divisor, nobody reported…). */
	missing: DerivedMissing | AggregationMissing | null;
}

const STATUSES: ReadonlySet<string> = new Set(['A', 'E', 'P', 'M', 'F']);

/** A value and status as every output publishes them: a missing or non-finite value is null with status M. */
export function publishedValue(value: number | null, status: string): { value: number | null; status: string } {
	const finite = typeof value === 'number' && Number.isFinite(value) ? value : null;
	return { value: finite, status: finite === null ? 'M' : STATUSES.has(status) ? status : 'A' };
}

/** A cell of values.ts as an observation. */
export function observationOf(level: Level, territory: string, period: string, cell: Cell): Observation {
	return { level, territory, period, ...publishedValue(cell.value, cell.status), note: cell.note || null, basis: cell.basis, coverage: cell.coverage, missing: cell.missing };
}

/** Whether an indicator's values at a level are computed when read (rolled up or derived) rather than only stored. */
const isComputed = (row: IndicatorRow, level: Level) => formulaOf(row) !== null || (level !== 'municipality' && row.aggregation !== 'none');

/** The levels to read, broadest first. */
const levelsOf = (row: IndicatorRow, filter: ObservationFilter) => levels.filter((level) => row.levels.includes(level) && (!filter.level || filter.level === level));

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inCountry = (filter: ObservationFilter) => (id: string) => !filter.country || id.slice(0, 2) === filter.country;

/** The periods an indicator has at a level (as its page offers them), oldest first, narrowed to the filter's. */
async function periodsAt(source: ValueSource, row: IndicatorRow, level: Level, filter: ObservationFilter): Promise<string[]> {
	const periods = (await periodsOf(source, row, level)).slice().sort(byCode);
	return filter.period ? periods.filter((period) => period === filter.period) : periods;
}

/**
 * The observations of one level in the order of every output: period, then territory. One period's values are in
 * memory at a time (at most one per municipality); a territory's are read as its series.
 */
async function* levelObservations(source: ValueSource, row: IndicatorRow, level: Level, filter: ObservationFilter): AsyncGenerator<Observation> {
	const periods = await periodsAt(source, row, level, filter);
	if (filter.territory !== undefined) {
		if (!inCountry(filter)(filter.territory) || !periods.length) return;
		const wanted = new Set(periods);
		const series = (await seriesOf(source, row, level, [filter.territory])).get(filter.territory) ?? new Map<string, Cell>();
		for (const period of [...series.keys()].filter((at) => wanted.has(at)).sort(byCode)) yield observationOf(level, filter.territory, period, series.get(period)!);
		return;
	}
	for (const period of periods) {
		const cells = await valuesAt(source, row, level, period, 0, { notes: true });
		const ids = [...cells.keys()].filter(inCountry(filter)).sort(byCode);
		for (const id of ids) yield observationOf(level, id, period, cells.get(id)!);
	}
}

/** Every observation of an indicator the filter selects, streamed: by level (country, unit, municipality), period, territory. */
export async function* readObservations(source: ValueSource, row: IndicatorRow, filter: ObservationFilter): AsyncGenerator<Observation> {
	for (const level of levelsOf(row, filter)) yield* levelObservations(source, row, level, filter);
}

/**
 * One page of the observations `readObservations` gives, with their total. Stored-only levels are counted per period
 * in the database and only the periods the page shows are read; computed levels are computed period by period and
 * counted as they go, keeping only the page.
 */
export async function pageObservations(source: ValueSource, row: IndicatorRow, filter: ObservationFilter, window: { limit: number; offset: number }): Promise<{ items: Observation[]; total: number }> {
	const items: Observation[] = [];
	let total = 0;
	const keep = (observation: Observation) => {
		if (total >= window.offset && items.length < window.limit) items.push(observation);
		total += 1;
	};
	for (const level of levelsOf(row, filter)) {
		if (isComputed(row, level) || filter.territory !== undefined) {
			for await (const observation of levelObservations(source, row, level, filter)) keep(observation);
			continue;
		}
		const counts = await selectPeriodCounts(source.db, row.code, level, filter);
		for (const { period, n } of counts.sort((a, b) => byCode(a.period, b.period))) {
			const start = total;
			total += n;
			if (total <= window.offset || items.length >= window.limit) continue;
			const rows = (await selectValuesWithNotes(source.db, row.code, level, period)).filter((item) => inCountry(filter)(item.territory_id)).sort((a, b) => byCode(a.territory_id, b.territory_id));
			for (let index = Math.max(0, window.offset - start); index < rows.length && items.length < window.limit; index++) {
				const item = rows[index];
				items.push(observationOf(level, item.territory_id, period, { value: item.value, status: item.status, missing: null, coverage: null, basis: 'stored', note: item.note }));
			}
		}
	}
	return { items, total };
}
