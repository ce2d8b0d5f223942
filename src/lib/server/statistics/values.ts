// The values of an indicator at a level and period, whatever kind it is: stored, rolled up from municipalities by
// its aggregation rule (with coverage), or derived by its formula from other indicators' values. Roll-ups are read
// from their materialised rows (rollups.ts, decision 0017) and computed here only for an indicator whose rows are
// not materialised by its current rule.
import type { Executor } from '../db';
import type { indicator } from '../db/schema/statistics';
import type { GazetteerIndex } from '../territories';
import type { AggregationMissing, AggregationRule } from './aggregation';
import { rollUp, shapeOf, territoriesOf, weakerStatus, type Cell } from './cells';
import { computeDerived, formulaInputs, formulaSchema, type Formula } from './formulas';
import { previousPeriod } from './periods';
import { selectSeriesWithNotes, selectValuesWithNotes } from './observation-queries';
import * as queries from './queries';
import { selectLatestRollups, selectRollupRule, selectRollupSeries, selectRollupValues, type RollupRow } from './rollup-queries';
import type { Level } from './territory-resolver';

export { expectedCounts, parentOf, territoriesOf, weakerStatus, type Basis, type Cell } from './cells';

export type IndicatorRow = typeof indicator.$inferSelect;

/** Indicators by code, and the gazetteer for roll-ups: what every computation reads. */
export interface ValueSource {
	db: Executor;
	indicators: ReadonlyMap<string, IndicatorRow>;
	gazetteer: GazetteerIndex;
}

/** The formula of a derived indicator, or null for a stored one. */
export function formulaOf(row: IndicatorRow): Formula | null {
	if (!row.formula) return null;
	const parsed = formulaSchema.safeParse(row.formula);
	return parsed.success ? parsed.data : null;
}

/** Whether an indicator's roll-ups are read from their materialised rows: refreshed by its current rule. */
async function isMaterialised(source: ValueSource, row: IndicatorRow): Promise<boolean> {
	return (await selectRollupRule(source.db, row.code)) === row.aggregation;
}

/** A materialised row as the cell the read path gives. */
const cellOf = (item: RollupRow): Cell => ({
	value: item.value,
	status: item.status,
	missing: item.missing as AggregationMissing | null,
	coverage: { reported: item.reported, expected: item.expected },
	basis: 'rolled_up',
	note: null
});

/** The roll-ups of one period at a level: materialised, or computed from the municipal values when not. */
async function rollupsAt(source: ValueSource, row: IndicatorRow, level: Level, period: string): Promise<Map<string, Cell>> {
	if (await isMaterialised(source, row)) return new Map((await selectRollupValues(source.db, row.code, level, period)).map((item) => [item.territory_id, cellOf(item)]));
	const municipal = await queries.selectValues(source.db, row.code, 'municipality', period);
	return rollUp(shapeOf(source.gazetteer, level), row.aggregation as AggregationRule, municipal);
}

/**
 * Every territory's value of an indicator at a level and period: stored, else rolled up from municipalities, or
 * derived. `notes` also reads the stored notes (the files and the API show them; a ranking needs none).
 */
export async function valuesAt(source: ValueSource, row: IndicatorRow, level: Level, period: string, depth = 0, options: { notes?: boolean } = {}): Promise<Map<string, Cell>> {
	const formula = formulaOf(row);
	if (formula && depth < 8) {
		const inputs = formulaInputs(formula);
		const current = await Promise.all(inputs.map(async (code) => [code, await inputValues(source, code, level, period, depth)] as const));
		const previous = formula.kind === 'growth_rate' ? previousPeriod(period) : null;
		const before = previous ? await Promise.all(inputs.map(async (code) => [code, await inputValues(source, code, level, previous, depth)] as const)) : [];
		const territories = new Set(current.flatMap(([, cells]) => [...cells.keys()]));
		const cells = new Map<string, Cell>();
		// Plain loops: this runs for every territory of a level (17,000 municipalities), on every request.
		for (const territory of territories) {
			const now: Record<string, number | null> = {};
			let status = 'A';
			for (const [code, values] of current) {
				const cell = values.get(territory);
				now[code] = cell?.value ?? null;
				if (cell && cell.value !== null) status = weakerStatus(status, cell.status);
			}
			const then: Record<string, number | null> = {};
			for (const [code, values] of before) {
				const cell = values.get(territory);
				then[code] = cell?.value ?? null;
				if (cell && cell.value !== null) status = weakerStatus(status, cell.status);
			}
			const result = computeDerived(formula, now, then);
			cells.set(territory, { value: result.value, status, missing: result.missing, coverage: null, basis: 'derived', note: null });
		}
		return cells;
	}
	const stored = options.notes ? await selectValuesWithNotes(source.db, row.code, level, period) : await queries.selectValues(source.db, row.code, level, period);
	const cells = new Map<string, Cell>();
	for (const item of stored) cells.set(item.territory_id, { value: item.value, status: item.status, missing: null, coverage: null, basis: 'stored', note: 'note' in item ? (item.note as string | null) : null });
	if (level !== 'municipality' && row.aggregation !== 'none') {
		for (const [key, cell] of await rollupsAt(source, row, level, period)) if (!cells.has(key)) cells.set(key, cell);
	}
	return cells;
}

async function inputValues(source: ValueSource, code: string, level: Level, period: string, depth: number): Promise<Map<string, Cell>> {
	const input = source.indicators.get(code);
	return input ? valuesAt(source, input, level, period, depth + 1) : new Map();
}

/**
 * Each territory's latest available value at a level, with its period: what a comparison across countries needs when
 * censuses fall in different years. A territory's own stored value comes first; one without any shows the roll-up of
 * the last period its municipalities reported, the same observation the files and the API give for that period.
 */
export async function latestValuesOf(source: ValueSource, row: IndicatorRow, level: Level): Promise<Map<string, Cell & { period: string }>> {
	const result = new Map<string, Cell & { period: string }>();
	if (formulaOf(row)) {
		// Derived values are computed period by period, newest first; each territory keeps its newest result.
		for (const period of await periodsOf(source, row, level)) {
			for (const [id, cell] of await valuesAt(source, row, level, period)) if (!result.has(id) && cell.value !== null) result.set(id, { ...cell, period });
		}
		return result;
	}
	// One scan of the indicator's rows at the level (not a probe per territory); only the gazetteer's territories are
	// kept, in its order, as the per-territory lookup this replaces gave them.
	const own = new Map((await queries.selectLatestValues(source.db, row.code, level)).map((item) => [item.territory_id, item]));
	for (const id of territoriesOf(source.gazetteer, level)) {
		const item = own.get(id);
		if (item) result.set(id, { value: item.value, status: item.status, missing: null, coverage: null, basis: 'stored', period: item.period });
	}
	if (level !== 'municipality' && row.aggregation !== 'none') {
		if (await isMaterialised(source, row)) {
			// The newest materialised roll-up of each territory is the one of the last period any of its municipalities
			// reported: one backward scan of the territory index.
			for (const item of await selectLatestRollups(source.db, row.code, level)) if (!result.has(item.territory_id)) result.set(item.territory_id, { ...cellOf(item), period: item.period });
			return result;
		}
		const shape = shapeOf(source.gazetteer, level);
		const newest = new Map<string, string>();
		for (const item of await queries.selectLatestValues(source.db, row.code, 'municipality')) {
			const key = shape.parents.get(item.territory_id)?.key;
			if (key === undefined) continue;
			if (!result.has(key) && (newest.get(key) ?? '') < item.period) newest.set(key, item.period);
		}
		// The newest roll-up of a territory is the one of the last period any of its municipalities reported: one read
		// of that period's municipal values (censuses make these few) and a roll-up of the territories dated by it.
		const byPeriod = new Map<string, Set<string>>();
		for (const [key, at] of newest) {
			let keys = byPeriod.get(at);
			if (!keys) byPeriod.set(at, (keys = new Set()));
			keys.add(key);
		}
		for (const [at, keys] of byPeriod) {
			const rows = await queries.selectValues(source.db, row.code, 'municipality', at);
			for (const [key, cell] of rollUp(shape, row.aggregation as AggregationRule, rows, (candidate) => keys.has(candidate))) result.set(key, { ...cell, period: at });
		}
	}
	return result;
}

/** The periods an indicator has values for at a level, newest first (a derived one: its first input's). */
export async function periodsOf(source: ValueSource, row: IndicatorRow, level: Level, depth = 0): Promise<string[]> {
	const formula = formulaOf(row);
	if (formula && depth < 8) {
		const first = source.indicators.get(formulaInputs(formula)[0]);
		return first ? periodsOf(source, first, level, depth + 1) : [];
	}
	const own = (await queries.selectPeriods(source.db, row.code, level)).map((item) => item.period);
	if (level === 'municipality' || row.aggregation === 'none') return own;
	const municipal = (await queries.selectPeriods(source.db, row.code, 'municipality')).map((item) => item.period);
	return [...new Set([...own, ...municipal])].sort().reverse();
}

/** The series of an indicator for a few territories of a level, period by period. */
export async function seriesOf(source: ValueSource, row: IndicatorRow, level: Level, territoryIds: string[], depth = 0): Promise<Map<string, Map<string, Cell>>> {
	const series = new Map<string, Map<string, Cell>>(territoryIds.map((id) => [id, new Map()]));
	const formula = formulaOf(row);
	if (formula && depth < 8) {
		const inputs = formulaInputs(formula);
		const inputSeries = await Promise.all(
			inputs.map(async (code) => {
				const input = source.indicators.get(code);
				return [code, input ? await seriesOf(source, input, level, territoryIds, depth + 1) : new Map<string, Map<string, Cell>>()] as const;
			})
		);
		for (const id of territoryIds) {
			const periods = new Set(inputSeries.flatMap(([, values]) => [...(values.get(id)?.keys() ?? [])]));
			for (const period of periods) {
				const previous = formula.kind === 'growth_rate' ? previousPeriod(period) : null;
				let status = 'A';
				const read = (at: string) =>
					Object.fromEntries(
						inputSeries.map(([code, values]) => {
							const cell = values.get(id)?.get(at);
							if (cell && cell.value !== null) status = weakerStatus(status, cell.status);
							return [code, cell?.value ?? null];
						})
					);
				const now = read(period);
				const then = previous ? read(previous) : {};
				const result = computeDerived(formula, now, then);
				series.get(id)?.set(period, { value: result.value, status, missing: result.missing, coverage: null, basis: 'derived', note: null });
			}
		}
		return series;
	}
	for (const item of await selectSeriesWithNotes(source.db, row.code, level, territoryIds)) {
		series.get(item.territoryId)?.set(item.period, { value: item.value, status: item.status, missing: null, coverage: null, basis: 'stored', note: item.note ?? null });
	}
	if (level !== 'municipality' && row.aggregation !== 'none') {
		if (await isMaterialised(source, row)) {
			for (const item of await selectRollupSeries(source.db, row.code, level, [...new Set(territoryIds)])) {
				const target = series.get(item.territory_id);
				if (target && !target.has(item.period)) target.set(item.period, cellOf(item));
			}
			return series;
		}
		// The members from the gazetteer's shape, not a walk of every record with a key built for each.
		const shape = shapeOf(source.gazetteer, level);
		const members = [...new Set(territoryIds)].flatMap((id) => shape.members.get(id) ?? []);
		const byPeriod = new Map<string, { territory_id: string; value: number | null; status: string }[]>();
		// One JSON parameter however many members (a country's series names thousands of municipalities).
		for (const item of await selectSeriesWithNotes(source.db, row.code, 'municipality', members)) {
			let list = byPeriod.get(item.period);
			if (!list) byPeriod.set(item.period, (list = []));
			list.push({ territory_id: item.territoryId, value: item.value, status: item.status });
		}
		for (const [period, rows] of byPeriod) {
			for (const [territory, cell] of rollUp(shape, row.aggregation as AggregationRule, rows)) {
				const target = series.get(territory);
				if (target && !target.has(period)) target.set(period, cell);
			}
		}
	}
	return series;
}
