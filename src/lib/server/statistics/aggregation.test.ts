import { describe, expect, it } from 'vitest';
import { aggregate, createAggregator, groupAggregate } from './aggregation';

const member = (value: number | null, population: number | null = null) => ({ value, population });

describe('aggregate', () => {
	it('sums the values with full coverage', () => {
		expect(aggregate('sum', [member(10), member(20), member(30.5)], 3)).toEqual({ value: 60.5, reported: 3, expected: 3, coverage: 1, missing: null });
	});

	it('computes a population-weighted mean', () => {
		// (10·100 + 40·300) / 400 = 32.5; a plain mean would be 25.
		expect(aggregate('weighted_mean', [member(10, 100), member(40, 300)], 2)).toEqual({ value: 32.5, reported: 2, expected: 2, coverage: 1, missing: null });
	});

	it('sums only reported values and shows the gap in coverage', () => {
		const result = aggregate('sum', [member(5), member(null), member(Number.NaN), member(7)], 8);
		expect(result).toEqual({ value: 12, reported: 2, expected: 8, coverage: 0.25, missing: null });
	});

	it('leaves members without a positive population out of a weighted mean, but counts them as reported', () => {
		const result = aggregate('weighted_mean', [member(10, 100), member(1000, null), member(500, 0), member(700, -3), member(30, 300)], 5);
		expect(result).toEqual({ value: 25, reported: 5, expected: 5, coverage: 1, missing: null });
	});

	it('reports no_weights when no member with a value has a population', () => {
		expect(aggregate('weighted_mean', [member(10, null), member(20, 0), member(null, 500)], 3)).toEqual({
			value: null,
			reported: 2,
			expected: 3,
			coverage: 2 / 3,
			missing: 'no_weights'
		});
	});

	it('gives no value under the none rule, still with coverage', () => {
		expect(aggregate('none', [member(3, 10), member(4, 10)], 4)).toEqual({ value: null, reported: 2, expected: 4, coverage: 0.5, missing: 'no_rule' });
	});

	it('reports no_values for empty or all-missing members instead of a false 0', () => {
		expect(aggregate('sum', [], 10)).toEqual({ value: null, reported: 0, expected: 10, coverage: 0, missing: 'no_values' });
		expect(aggregate('weighted_mean', [member(null, 100)], 1)).toEqual({ value: null, reported: 0, expected: 1, coverage: 0, missing: 'no_values' });
		expect(aggregate('sum', [], 0)).toEqual({ value: null, reported: 0, expected: 0, coverage: 0, missing: 'no_values' });
	});

	it('clamps coverage to 1 and uses 0 when nothing is expected', () => {
		expect(aggregate('sum', [member(1), member(2), member(3)], 2).coverage).toBe(1);
		expect(aggregate('sum', [member(1)], 0)).toEqual({ value: 1, reported: 1, expected: 0, coverage: 0, missing: null });
	});

	it('rejects an expected count that is not a non-negative integer', () => {
		expect(() => aggregate('sum', [member(1)], -1)).toThrow(RangeError);
		expect(() => aggregate('sum', [member(1)], 1.5)).toThrow(RangeError);
	});

	it('keeps sums of many floats exact where plain addition drifts', () => {
		const tenths = Array.from({ length: 10 }, () => member(0.1));
		expect(tenths.reduce((total, m) => total + (m.value ?? 0), 0)).not.toBe(1);
		expect(aggregate('sum', tenths, 10).value).toBe(1);
		// Kahan alone would give 0 here: the large term wipes out its correction.
		expect(aggregate('sum', [member(1), member(1e100), member(1), member(-1e100)], 4).value).toBe(2);
	});

	it('reports not_finite when a total overflows instead of returning Infinity or NaN', () => {
		expect(aggregate('sum', [member(1e308), member(1e308)], 2)).toMatchObject({ value: null, missing: 'not_finite' });
		expect(aggregate('weighted_mean', [member(1e308, 10), member(1, 1)], 2)).toMatchObject({ value: null, missing: 'not_finite' });
	});
});

describe('createAggregator', () => {
	it('gives the same result as aggregate over an array', () => {
		// A deterministic pseudo-random set the size of a large country, with gaps in values and populations.
		// Park–Miller generator: products stay below 2^53, so every run sees the same numbers.
		let seed = 42;
		const next = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
		const members = Array.from({ length: 17_000 }, () => member(next() < 0.1 ? null : next() * 1e6, next() < 0.05 ? null : Math.round(next() * 500_000)));
		for (const rule of ['sum', 'weighted_mean', 'none'] as const) {
			const aggregator = createAggregator(rule);
			for (const m of members) aggregator.add(m.value, m.population);
			const streamed = aggregator.result(18_000);
			expect(streamed).toEqual(aggregate(rule, members, 18_000));
			expect(streamed.reported).toBe(members.filter((m) => m.value !== null).length);
		}
	});

	it('can be read before any member is added and again after more are', () => {
		const aggregator = createAggregator('sum');
		expect(aggregator.result(2)).toMatchObject({ value: null, missing: 'no_values' });
		aggregator.add(4, null);
		expect(aggregator.result(2)).toMatchObject({ value: 4, reported: 1, coverage: 0.5 });
		aggregator.add(6, null);
		expect(aggregator.result(2)).toMatchObject({ value: 10, reported: 2, coverage: 1 });
	});
});

describe('groupAggregate', () => {
	it('rolls rows up per group, including expected groups with no rows and unexpected groups', () => {
		const rows = [
			{ group: 'CO-ANT', value: 10, population: 100 },
			{ group: 'CO-CUN', value: 50, population: 1000 },
			{ group: 'CO-ANT', value: 40, population: 300 },
			{ group: 'CO-CUN', value: null, population: 200 },
			{ group: 'CO-XXX', value: 7, population: 70 }
		];
		const expected = new Map([
			['CO-ANT', 2],
			['CO-CUN', 4],
			['CO-AMA', 3]
		]);
		const results = groupAggregate('weighted_mean', rows, expected);
		expect([...results.keys()]).toEqual(['CO-ANT', 'CO-CUN', 'CO-AMA', 'CO-XXX']);
		expect(results.get('CO-ANT')).toEqual({ value: 32.5, reported: 2, expected: 2, coverage: 1, missing: null });
		expect(results.get('CO-CUN')).toEqual({ value: 50, reported: 1, expected: 4, coverage: 0.25, missing: null });
		expect(results.get('CO-AMA')).toEqual({ value: null, reported: 0, expected: 3, coverage: 0, missing: 'no_values' });
		expect(results.get('CO-XXX')).toEqual({ value: 7, reported: 1, expected: 0, coverage: 0, missing: null });
	});

	it('sums per group', () => {
		const results = groupAggregate(
			'sum',
			[
				{ group: 'A', value: 1, population: null },
				{ group: 'B', value: 2, population: null },
				{ group: 'A', value: 3, population: null }
			],
			new Map([
				['A', 2],
				['B', 1]
			])
		);
		expect(results.get('A')?.value).toBe(4);
		expect(results.get('B')?.value).toBe(2);
	});
});
