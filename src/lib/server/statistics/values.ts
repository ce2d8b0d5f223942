// The values of an indicator at a level and period, whatever kind it is: stored, rolled up from municipalities by
// its aggregation rule (with coverage), or derived by its formula from other indicators' values.
import type { Executor } from '../db';
import type { indicator } from '../db/schema/statistics';
import type { GazetteerIndex } from '../territories';
import { createAggregator, type AggregationMissing, type AggregationRule } from './aggregation';
import { computeDerived, formulaInputs, formulaSchema, type DerivedMissing, type Formula } from './formulas';
import { previousPeriod } from './periods';
import * as queries from './queries';
import type { Level } from './territory-resolver';

type IndicatorRow = typeof indicator.$inferSelect;

/** One territory's value, why it is empty when it is, and the share of municipalities behind a rolled-up value. */
export interface Cell {
	value: number | null;
	status: string;
	missing: DerivedMissing | AggregationMissing | null;
	coverage: { reported: number; expected: number } | null;
}

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

/** The territory a municipality rolls up into at a level. */
export function parentOf(record: { countryCode: string; admin1Code: string }, level: Level): string {
	return level === 'country' ? record.countryCode : `${record.countryCode}-${record.admin1Code}`;
}

/** Every territory of a level in the gazetteer. */
export function territoriesOf(gazetteer: GazetteerIndex, level: Level): string[] {
	if (level === 'municipality') return gazetteer.allRecords().map((record) => record.id);
	return [...expectedCounts(gazetteer, level).keys()];
}

/** How many municipalities each territory of a level has (the denominator of coverage). */
export function expectedCounts(gazetteer: GazetteerIndex, level: Level): Map<string, number> {
	const counts = new Map<string, number>();
	for (const record of gazetteer.allRecords()) {
		const key = parentOf(record, level);
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

function rollUp(source: ValueSource, rule: AggregationRule, level: Level, rows: { territory_id: string; value: number | null }[]): Map<string, Cell> {
	const aggregators = new Map<string, ReturnType<typeof createAggregator>>();
	for (const row of rows) {
		const record = source.gazetteer.get(row.territory_id);
		if (!record) continue;
		const key = parentOf(record, level);
		let aggregator = aggregators.get(key);
		if (!aggregator) aggregators.set(key, (aggregator = createAggregator(rule)));
		aggregator.add(row.value, record.population);
	}
	const expected = expectedCounts(source.gazetteer, level);
	const cells = new Map<string, Cell>();
	for (const [key, aggregator] of aggregators) {
		const result = aggregator.result(expected.get(key) ?? 0);
		cells.set(key, { value: result.value, status: result.coverage < 1 ? 'E' : 'A', missing: result.missing, coverage: { reported: result.reported, expected: result.expected } });
	}
	return cells;
}

/** Every territory's value of an indicator at a level and period. */
export async function valuesAt(source: ValueSource, row: IndicatorRow, level: Level, period: string, depth = 0): Promise<Map<string, Cell>> {
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
				if (status === 'A' && cell && cell.status !== 'A') status = cell.status;
			}
			const then: Record<string, number | null> = {};
			for (const [code, values] of before) then[code] = values.get(territory)?.value ?? null;
			const result = computeDerived(formula, now, then);
			cells.set(territory, { value: result.value, status, missing: result.missing, coverage: null });
		}
		return cells;
	}
	const stored = await queries.selectValues(source.db, row.code, level, period);
	const cells = new Map<string, Cell>();
	for (const item of stored) cells.set(item.territory_id, { value: item.value, status: item.status, missing: null, coverage: null });
	if (level !== 'municipality' && row.aggregation !== 'none') {
		const municipal = await queries.selectValues(source.db, row.code, 'municipality', period);
		for (const [key, cell] of rollUp(source, row.aggregation as AggregationRule, level, municipal)) if (!cells.has(key)) cells.set(key, cell);
	}
	return cells;
}

async function inputValues(source: ValueSource, code: string, level: Level, period: string, depth: number): Promise<Map<string, Cell>> {
	const input = source.indicators.get(code);
	return input ? valuesAt(source, input, level, period, depth + 1) : new Map();
}

/**
 * Each territory's latest available value at a level, with its period: what a comparison across countries needs when
 * censuses fall in different years. A roll-up takes each municipality's latest value and is dated by the newest.
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
	for (const item of await queries.selectLatestValues(source.db, row.code, level, territoriesOf(source.gazetteer, level))) {
		result.set(item.territory_id, { value: item.value, status: item.status, missing: null, coverage: null, period: item.period });
	}
	if (level !== 'municipality' && row.aggregation !== 'none') {
		const municipal = await queries.selectLatestValues(source.db, row.code, 'municipality', territoriesOf(source.gazetteer, 'municipality'));
		const newest = new Map<string, string>();
		for (const item of municipal) {
			const record = source.gazetteer.get(item.territory_id);
			if (!record) continue;
			const key = parentOf(record, level);
			if ((newest.get(key) ?? '') < item.period) newest.set(key, item.period);
		}
		for (const [key, cell] of rollUp(source, row.aggregation as AggregationRule, level, municipal)) {
			if (!result.has(key)) result.set(key, { ...cell, period: newest.get(key) ?? '' });
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
				const previous = previousPeriod(period);
				const now = Object.fromEntries(inputSeries.map(([code, values]) => [code, values.get(id)?.get(period)?.value ?? null]));
				const then = previous ? Object.fromEntries(inputSeries.map(([code, values]) => [code, values.get(id)?.get(previous)?.value ?? null])) : undefined;
				const result = computeDerived(formula, now, then);
				series.get(id)?.set(period, { value: result.value, status: 'A', missing: result.missing, coverage: null });
			}
		}
		return series;
	}
	for (const item of await queries.selectSeries(source.db, row.code, level, territoryIds)) {
		series.get(item.territoryId)?.set(item.period, { value: item.value, status: item.status, missing: null, coverage: null });
	}
	if (level !== 'municipality' && row.aggregation !== 'none') {
		const wanted = new Set(territoryIds);
		const members = source.gazetteer
			.allRecords()
			.filter((record) => wanted.has(parentOf(record, level)))
			.map((record) => record.id);
		const byPeriod = new Map<string, { territory_id: string; value: number | null }[]>();
		for (const item of await queries.selectSeries(source.db, row.code, 'municipality', members)) {
			let list = byPeriod.get(item.period);
			if (!list) byPeriod.set(item.period, (list = []));
			list.push({ territory_id: item.territoryId, value: item.value });
		}
		for (const [period, rows] of byPeriod) {
			for (const [territory, cell] of rollUp(source, row.aggregation as AggregationRule, level, rows)) {
				const target = series.get(territory);
				if (target && !target.has(period)) target.set(period, cell);
			}
		}
	}
	return series;
}
