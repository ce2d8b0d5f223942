// One territory's value as every read gives it (a cell), and the roll-up of municipal rows into first-level units and
// countries over a gazetteer's shape. Pure: the read path (values.ts) computes with it when a roll-up is not
// materialised, and the refresh (rollups.ts) computes the materialised rows with the very same code, so both agree
// to the last digit.
import type { GazetteerIndex } from '../territories';
import { createAggregator, type AggregationMissing, type AggregationRule } from './aggregation';
import type { DerivedMissing } from './formulas';
import type { Level } from './territory-resolver';

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

/** The territory a municipality rolls up into at a level. */
export function parentOf(record: { countryCode: string; admin1Code: string }, level: Level): string {
	return level === 'country' ? record.countryCode : `${record.countryCode}-${record.admin1Code}`;
}

/** What a roll-up needs of a municipality: where it belongs and its population (the weight of a mean). */
export interface MemberRecord {
	id: string;
	countryCode: string;
	admin1Code: string;
	population: number | null;
}

/** A gazetteer's territories at one level, as every roll-up reads them. */
export interface LevelShape {
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

/** The shape of a level of the in-memory gazetteer, computed once per gazetteer. */
export function shapeOf(gazetteer: GazetteerIndex, level: Level): LevelShape {
	let byLevel = shapes.get(gazetteer);
	if (!byLevel) shapes.set(gazetteer, (byLevel = new Map()));
	let shape = byLevel.get(level);
	if (!shape) byLevel.set(level, (shape = computeShape(gazetteer.allRecords(), level)));
	return shape;
}

/** The shape of a level over some municipalities (the refresh reads them in its own transaction). */
export function computeShape(records: readonly MemberRecord[], level: Level): LevelShape {
	const counts = new Map<string, number>();
	const parents = new Map<string, { key: string; population: number | null }>();
	const members = new Map<string, string[]>();
	for (const record of records) {
		const key = parentOf(record, level);
		counts.set(key, (counts.get(key) ?? 0) + 1);
		parents.set(record.id, { key, population: record.population });
		let list = members.get(key);
		if (!list) members.set(key, (list = []));
		list.push(record.id);
	}
	const territories = level === 'municipality' ? records.map((record) => record.id) : [...counts.keys()];
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
 * Rolls municipal rows up into the territories of a level's shape (only those `keep` accepts, when given). The status
 * is the weakest of the reported members' (as SDMX inherits it), and at least E when not every municipality reported.
 * A territory gets a cell when any of its municipalities has a row, even an empty one (then no_values).
 */
export function rollUp(
	shape: LevelShape,
	rule: AggregationRule,
	rows: Iterable<{ territory_id: string; value: number | null; status: string }>,
	keep?: (key: string) => boolean
): Map<string, Cell> {
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
