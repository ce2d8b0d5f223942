// The values of an indicator at a level and period, whatever kind it is: stored, rolled up from municipalities by
// its aggregation rule (with coverage), or derived by its formula from other indicators' values.
import type { Executor } from '../db';
import type { indicator } from '../db/schema/statistics';
import type { GazetteerIndex } from '../territories';
import { createAggregator, type AggregationMissing, type AggregationRule } from './aggregation';
import { computeDerived, formulaInputs, formulaSchema, type DerivedMissing, type Formula } from './formulas';
import { previousPeriod } from './periods';
import { selectSeriesWithNotes, selectValuesWithNotes } from './observation-queries';
import * as queries from './queries';
import type { Level } from './territory-resolver';

export type IndicatorRow = typeof indicator.$inferSelect;

/** Where a value comes from: stored as imported or reported, rolled up from municipalities, or derived by a formula. */
export type Basis = 'stored' | 'rolled_up' | 'derived';

/**
 * One territory's value, why it is empty when it is, the share of municipalities behind a rolled-up value, and
 * (when asked for) the stored note.
 */
export interface Cell {
	value: number | null;
	status: string;
	missing: DerivedMissing | AggregationMissing | null;
	coverage: { reported: number; expected: number } | null;
	basis: Basis;
	note?: string | null;
}

// SDMX observation statuses from the strongest to the weakest: normal, estimated, provisional, forecast, missing.
const WEAKNESS: Record<string, number> = { A: 0, E: 1, P: 2, F: 3, M: 4 };

/**
 * The weaker of two statuses. A computed value is no firmer than what it rests on: a roll-up of a provisional
 * municipal value is provisional (not merely estimated), a ratio of a forecast is a forecast.
 */
export function weakerStatus(a: string, b: string): string {
	return (WEAKNESS[b] ?? 0) > (WEAKNESS[a] ?? 0) ? b : a;
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

/** A gazetteer's territories at one level, as every roll-up reads them. */
interface LevelShape {
	/** How many municipalities each territory has (the denominator of coverage), in the gazetteer's order. */
	counts: ReadonlyMap<string, number>;
	/** Each municipality's territory at the level and its population (the weight of a mean), by municipality. */
	parents: ReadonlyMap<string, { key: string; population: number | null }>;
	/** Each territory's municipalities, in the gazetteer's order. */
	members: ReadonlyMap<string, readonly string[]>;
	/** Every territory of the level, in the gazetteer's order. */
	territories: readonly string[];
}

// The shape changes only with the gazetteer, and a changed gazetteer is a new GazetteerIndex (gazetteer-cache.ts
// rebuilds it), so the object's identity is its version: walking its 15,000 records and building a parent key for
// each on every roll-up cost about 19 ms of every indicator page. A WeakMap lets a replaced index go with its shapes.
const shapes = new WeakMap<GazetteerIndex, Map<Level, LevelShape>>();

function shapeOf(gazetteer: GazetteerIndex, level: Level): LevelShape {
	let byLevel = shapes.get(gazetteer);
	if (!byLevel) shapes.set(gazetteer, (byLevel = new Map()));
	let shape = byLevel.get(level);
	if (!shape) byLevel.set(level, (shape = computeShape(gazetteer, level)));
	return shape;
}

function computeShape(gazetteer: GazetteerIndex, level: Level): LevelShape {
	const counts = new Map<string, number>();
	const parents = new Map<string, { key: string; population: number | null }>();
	const members = new Map<string, string[]>();
	for (const record of gazetteer.allRecords()) {
		const key = parentOf(record, level);
		counts.set(key, (counts.get(key) ?? 0) + 1);
		parents.set(record.id, { key, population: record.population });
		let list = members.get(key);
		if (!list) members.set(key, (list = []));
		list.push(record.id);
	}
	const territories = level === 'municipality' ? gazetteer.allRecords().map((record) => record.id) : [...counts.keys()];
	return { counts, parents, members, territories };
}

/** Every territory of a level in the gazetteer (shared, not copied: do not change it). */
export function territoriesOf(gazetteer: GazetteerIndex, level: Level): readonly string[] {
	return shapeOf(gazetteer, level).territories;
}

/**
 * How many municipalities each territory of a level has (the denominator of coverage). Computed once per gazetteer
 * and shared, not copied: do not change it.
 */
export function expectedCounts(gazetteer: GazetteerIndex, level: Level): ReadonlyMap<string, number> {
	return shapeOf(gazetteer, level).counts;
}

/**
 * Rolls municipal rows up into the territories of a level (only those `keep` accepts, when given). The status is the
 * weakest of the reported members' (as SDMX inherits it), and at least E when not every municipality reported.
 */
function rollUp(
	source: ValueSource,
	rule: AggregationRule,
	level: Level,
	rows: Iterable<{ territory_id: string; value: number | null; status: string }>,
	keep?: (key: string) => boolean
): Map<string, Cell> {
	const shape = shapeOf(source.gazetteer, level);
	const aggregators = new Map<string, { aggregator: ReturnType<typeof createAggregator>; status: string }>();
	for (const row of rows) {
		// The member's territory from the gazetteer's shape: no key string is built per row.
		const member = shape.parents.get(row.territory_id);
		if (!member) continue;
		const key = member.key;
		if (keep && !keep(key)) continue;
		let entry = aggregators.get(key);
		if (!entry) aggregators.set(key, (entry = { aggregator: createAggregator(rule), status: 'A' }));
		entry.aggregator.add(row.value, member.population);
		if (row.value !== null && Number.isFinite(row.value)) entry.status = weakerStatus(entry.status, row.status);
	}
	const expected = shape.counts;
	const cells = new Map<string, Cell>();
	for (const [key, { aggregator, status }] of aggregators) {
		const result = aggregator.result(expected.get(key) ?? 0);
		cells.set(key, {
			value: result.value,
			status: weakerStatus(status, result.coverage < 1 ? 'E' : 'A'),
			missing: result.missing,
			coverage: { reported: result.reported, expected: result.expected },
			basis: 'rolled_up',
			note: null
		});
	}
	return cells;
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
		const parents = shapeOf(source.gazetteer, level).parents;
		const newest = new Map<string, string>();
		for (const item of await queries.selectLatestValues(source.db, row.code, 'municipality')) {
			const key = parents.get(item.territory_id)?.key;
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
			for (const [key, cell] of rollUp(source, row.aggregation as AggregationRule, level, rows, (candidate) => keys.has(candidate))) result.set(key, { ...cell, period: at });
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
			for (const [territory, cell] of rollUp(source, row.aggregation as AggregationRule, level, rows)) {
				const target = series.get(territory);
				if (target && !target.has(period)) target.set(period, cell);
			}
		}
	}
	return series;
}
