import { describe, expect, it } from 'vitest';
import { computeDerived, describeFormula, detectFormulaCycle, type Formula, FormulaCycleError, formulaInputs, formulaSchema, orderDerived } from './formulas';

function catchError(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return undefined;
}

describe('formulaSchema', () => {
	it('accepts each kind and rejects bad codes, unknown keys and a non-positive factor', () => {
		expect(formulaSchema.parse({ kind: 'ratio', numerator: 'HOMES_WITH_WATER', denominator: 'HOMES', factor: 100 })).toEqual({
			kind: 'ratio',
			numerator: 'HOMES_WITH_WATER',
			denominator: 'HOMES',
			factor: 100
		});
		expect(formulaSchema.safeParse({ kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' }).success).toBe(true);
		expect(formulaSchema.safeParse({ kind: 'difference', minuend: 'REVENUE', subtrahend: 'SPENDING' }).success).toBe(true);
		expect(formulaSchema.safeParse({ kind: 'growth_rate', indicator: 'POPULATION' }).success).toBe(true);

		expect(formulaSchema.safeParse({ kind: 'growth_rate', indicator: 'population' }).success).toBe(false);
		expect(formulaSchema.safeParse({ kind: 'growth_rate', indicator: 'P' }).success).toBe(false);
		expect(formulaSchema.safeParse({ kind: 'growth_rate', indicator: `P${'X'.repeat(40)}` }).success).toBe(false);
		expect(formulaSchema.safeParse({ kind: 'ratio', numerator: 'A1', denominator: 'B1', factr: 100 }).success).toBe(false);
		expect(formulaSchema.safeParse({ kind: 'ratio', numerator: 'A1', denominator: 'B1', factor: 0 }).success).toBe(false);
		expect(formulaSchema.safeParse({ kind: 'mean', indicator: 'A1' }).success).toBe(false);
	});
});

describe('formulaInputs and describeFormula', () => {
	it('lists the codes a formula reads', () => {
		expect(formulaInputs({ kind: 'ratio', numerator: 'A1', denominator: 'B1' })).toEqual(['A1', 'B1']);
		expect(formulaInputs({ kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' })).toEqual(['BIRTHS', 'POPULATION']);
		expect(formulaInputs({ kind: 'difference', minuend: 'REVENUE', subtrahend: 'SPENDING' })).toEqual(['REVENUE', 'SPENDING']);
		expect(formulaInputs({ kind: 'growth_rate', indicator: 'POPULATION' })).toEqual(['POPULATION']);
	});

	it('gives a message key and parameters, with the default factor spelled out', () => {
		expect(describeFormula({ kind: 'ratio', numerator: 'A1', denominator: 'B1' })).toEqual({
			key: 'stats_formula_ratio',
			params: { numerator: 'A1', denominator: 'B1', factor: '1' }
		});
		expect(describeFormula({ kind: 'ratio', numerator: 'A1', denominator: 'B1', factor: 100 }).params.factor).toBe('100');
		expect(describeFormula({ kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' })).toEqual({
			key: 'stats_formula_per_thousand',
			params: { numerator: 'BIRTHS', population: 'POPULATION' }
		});
		expect(describeFormula({ kind: 'difference', minuend: 'REVENUE', subtrahend: 'SPENDING' }).key).toBe('stats_formula_difference');
		expect(describeFormula({ kind: 'growth_rate', indicator: 'POPULATION' })).toEqual({ key: 'stats_formula_growth_rate', params: { indicator: 'POPULATION' } });
	});
});

describe('computeDerived', () => {
	const percent: Formula = { kind: 'ratio', numerator: 'HOMES_WITH_WATER', denominator: 'HOMES', factor: 100 };

	it('computes a ratio with and without a factor', () => {
		expect(computeDerived(percent, { HOMES_WITH_WATER: 750, HOMES: 1000 })).toEqual({ value: 75, missing: null });
		expect(computeDerived({ kind: 'ratio', numerator: 'A1', denominator: 'B1' }, { A1: 3, B1: 4 })).toEqual({ value: 0.75, missing: null });
	});

	it('computes a rate per thousand', () => {
		expect(computeDerived({ kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' }, { BIRTHS: 250, POPULATION: 20_000 })).toEqual({
			value: 12.5,
			missing: null
		});
	});

	it('computes a difference, negative results included', () => {
		const balance: Formula = { kind: 'difference', minuend: 'REVENUE', subtrahend: 'SPENDING' };
		expect(computeDerived(balance, { REVENUE: 1200, SPENDING: 1500 })).toEqual({ value: -300, missing: null });
		expect(computeDerived(balance, { REVENUE: 5, SPENDING: 5 })).toEqual({ value: 0, missing: null });
	});

	it('computes a growth rate against the previous period', () => {
		const growth: Formula = { kind: 'growth_rate', indicator: 'POPULATION' };
		expect(computeDerived(growth, { POPULATION: 11_000 }, { POPULATION: 10_000 })).toEqual({ value: 10, missing: null });
		expect(computeDerived(growth, { POPULATION: 9_000 }, { POPULATION: 10_000 })).toEqual({ value: -10, missing: null });
	});

	it('reports division_by_zero for a zero denominator, population or previous value', () => {
		expect(computeDerived(percent, { HOMES_WITH_WATER: 0, HOMES: 0 })).toEqual({ value: null, missing: 'division_by_zero' });
		expect(computeDerived({ kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' }, { BIRTHS: 3, POPULATION: 0 })).toEqual({
			value: null,
			missing: 'division_by_zero'
		});
		expect(computeDerived({ kind: 'growth_rate', indicator: 'POPULATION' }, { POPULATION: 50 }, { POPULATION: 0 })).toEqual({
			value: null,
			missing: 'division_by_zero'
		});
	});

	it('reports missing_input for absent, null or non-finite inputs, before a zero divisor', () => {
		expect(computeDerived(percent, { HOMES_WITH_WATER: 750 })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(percent, { HOMES_WITH_WATER: null, HOMES: 1000 })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(percent, { HOMES_WITH_WATER: Number.NaN, HOMES: 1000 })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(percent, { HOMES_WITH_WATER: 750, HOMES: Number.POSITIVE_INFINITY })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(percent, { HOMES_WITH_WATER: undefined, HOMES: 0 })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived({ kind: 'difference', minuend: 'REVENUE', subtrahend: 'SPENDING' }, { REVENUE: 1 })).toEqual({ value: null, missing: 'missing_input' });
	});

	it('reports missing_input for a growth rate without the previous period', () => {
		const growth: Formula = { kind: 'growth_rate', indicator: 'POPULATION' };
		expect(computeDerived(growth, { POPULATION: 11_000 })).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(growth, { POPULATION: 11_000 }, {})).toEqual({ value: null, missing: 'missing_input' });
		expect(computeDerived(growth, {}, { POPULATION: 10_000 })).toEqual({ value: null, missing: 'missing_input' });
	});

	it('reports not_finite when the result overflows, never Infinity or NaN', () => {
		expect(computeDerived({ kind: 'ratio', numerator: 'A1', denominator: 'B1', factor: 10 }, { A1: 1e308, B1: 1 })).toEqual({ value: null, missing: 'not_finite' });
		expect(computeDerived({ kind: 'difference', minuend: 'A1', subtrahend: 'B1' }, { A1: 1e308, B1: -1e308 })).toEqual({ value: null, missing: 'not_finite' });
		expect(computeDerived({ kind: 'per_thousand', numerator: 'A1', population: 'B1' }, { A1: 1e308, B1: 1e-10 })).toEqual({ value: null, missing: 'not_finite' });
		expect(computeDerived({ kind: 'growth_rate', indicator: 'A1' }, { A1: 1e308 }, { A1: -1e308 })).toEqual({ value: null, missing: 'not_finite' });
	});

	it('never returns -0', () => {
		const result = computeDerived({ kind: 'ratio', numerator: 'A1', denominator: 'B1' }, { A1: 0, B1: -5 });
		expect(Object.is(result.value, 0)).toBe(true);
	});
});

describe('detectFormulaCycle and orderDerived', () => {
	it('orders derived indicators after the derived ones they read', () => {
		const definitions = new Map<string, Formula>([
			['GROWTH_OF_DENSITY', { kind: 'growth_rate', indicator: 'DENSITY' }],
			['DENSITY', { kind: 'ratio', numerator: 'POPULATION', denominator: 'AREA_KM2' }],
			['DENSITY_GAP', { kind: 'difference', minuend: 'DENSITY', subtrahend: 'GROWTH_OF_DENSITY' }],
			['BIRTH_RATE', { kind: 'per_thousand', numerator: 'BIRTHS', population: 'POPULATION' }]
		]);
		expect(detectFormulaCycle(definitions)).toBeNull();
		const order = orderDerived(definitions);
		expect(order).toEqual(['DENSITY', 'GROWTH_OF_DENSITY', 'DENSITY_GAP', 'BIRTH_RATE']);
		expect(order.indexOf('DENSITY')).toBeLessThan(order.indexOf('GROWTH_OF_DENSITY'));
		expect(order.indexOf('GROWTH_OF_DENSITY')).toBeLessThan(order.indexOf('DENSITY_GAP'));
	});

	it('returns an empty order for no definitions', () => {
		expect(orderDerived(new Map())).toEqual([]);
		expect(detectFormulaCycle(new Map())).toBeNull();
	});

	it('finds a cycle through several indicators and reports its path', () => {
		const definitions = new Map<string, Formula>([
			['AA', { kind: 'ratio', numerator: 'BB', denominator: 'POPULATION' }],
			['BB', { kind: 'difference', minuend: 'CC', subtrahend: 'REVENUE' }],
			['CC', { kind: 'growth_rate', indicator: 'AA' }]
		]);
		expect(detectFormulaCycle(definitions)).toEqual(['AA', 'BB', 'CC', 'AA']);
		const thrown = catchError(() => orderDerived(definitions));
		expect(thrown).toBeInstanceOf(FormulaCycleError);
		expect(thrown).toMatchObject({ cycle: ['AA', 'BB', 'CC', 'AA'] });
	});

	it('reports only the cycle, not the path that led to it, and a self-reference', () => {
		const definitions = new Map<string, Formula>([
			['START', { kind: 'growth_rate', indicator: 'AA' }],
			['AA', { kind: 'difference', minuend: 'BB', subtrahend: 'REVENUE' }],
			['BB', { kind: 'growth_rate', indicator: 'AA' }]
		]);
		expect(detectFormulaCycle(definitions)).toEqual(['AA', 'BB', 'AA']);
		expect(detectFormulaCycle(new Map<string, Formula>([['SELF', { kind: 'growth_rate', indicator: 'SELF' }]]))).toEqual(['SELF', 'SELF']);
	});

	it('handles a chain deeper than the call stack would allow recursively', () => {
		const definitions = new Map<string, Formula>();
		for (let i = 0; i < 20_000; i++) definitions.set(`D${i}`, { kind: 'growth_rate', indicator: `D${i + 1}` });
		const order = orderDerived(definitions);
		expect(order).toHaveLength(20_000);
		expect(order[0]).toBe('D19999');
		expect(order.at(-1)).toBe('D0');
	});
});
