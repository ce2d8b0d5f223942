import { z } from 'zod';

/** An indicator code such as `POPULATION_TOTAL`: upper-case letter first, 2–40 characters. */
export const indicatorCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/);

// Strict objects: a formula is stored as JSON, and a misspelt optional key (`factr`) would otherwise be
// dropped silently and the indicator published with the default factor.
/** How a derived indicator is computed from stored ones, discriminated on `kind`. */
export const formulaSchema = z.discriminatedUnion('kind', [
	z.strictObject({
		kind: z.literal('ratio'),
		numerator: indicatorCodeSchema,
		denominator: indicatorCodeSchema,
		// Positive: a zero factor would publish a constant 0, a negative one flips the meaning of the indicator.
		factor: z.number().positive().optional()
	}),
	z.strictObject({ kind: z.literal('per_thousand'), numerator: indicatorCodeSchema, population: indicatorCodeSchema }),
	z.strictObject({ kind: z.literal('difference'), minuend: indicatorCodeSchema, subtrahend: indicatorCodeSchema }),
	z.strictObject({ kind: z.literal('growth_rate'), indicator: indicatorCodeSchema })
]);

/** A validated formula of a derived indicator. */
export type Formula = z.infer<typeof formulaSchema>;

/** Values of indicators for one place and period, by indicator code; absent, null or non-finite means not observed. */
export type IndicatorValues = Readonly<Record<string, number | null | undefined>>;

/** Why a derived value could not be computed. */
export type DerivedMissing = 'missing_input' | 'division_by_zero' | 'not_finite';

/** A derived value, or the reason there is none (never NaN or Infinity). */
export type DerivedResult = { value: number; missing: null } | { value: null; missing: DerivedMissing };

/** Message keys of formula descriptions; the catalogue in messages/*.json holds the text. */
export type FormulaMessageKey = `stats_formula_${Formula['kind']}`;

/** The indicator codes a formula reads, in the order they appear in it. */
export function formulaInputs(formula: Formula): string[] {
	switch (formula.kind) {
		case 'ratio':
			return [formula.numerator, formula.denominator];
		case 'per_thousand':
			return [formula.numerator, formula.population];
		case 'difference':
			return [formula.minuend, formula.subtrahend];
		case 'growth_rate':
			return [formula.indicator];
	}
}

/** A message key and its parameters describing the formula, for the UI to translate. */
export function describeFormula(formula: Formula): { key: FormulaMessageKey; params: Record<string, string> } {
	switch (formula.kind) {
		case 'ratio':
			// The factor stays a plain number string: formatting it for the reader's locale is the UI's job.
			return { key: 'stats_formula_ratio', params: { numerator: formula.numerator, denominator: formula.denominator, factor: String(formula.factor ?? 1) } };
		case 'per_thousand':
			return { key: 'stats_formula_per_thousand', params: { numerator: formula.numerator, population: formula.population } };
		case 'difference':
			return { key: 'stats_formula_difference', params: { minuend: formula.minuend, subtrahend: formula.subtrahend } };
		case 'growth_rate':
			return { key: 'stats_formula_growth_rate', params: { indicator: formula.indicator } };
	}
}

/**
 * Computes a derived value from the current period's `inputs` (and, for a growth rate, the `previous` period's).
 * A missing input wins over a zero divisor: the reader should first learn that data is absent.
 */
export function computeDerived(formula: Formula, inputs: IndicatorValues, previous?: IndicatorValues): DerivedResult {
	switch (formula.kind) {
		case 'ratio':
			return divide(readValue(inputs, formula.numerator), readValue(inputs, formula.denominator), formula.factor ?? 1);
		case 'per_thousand':
			return divide(readValue(inputs, formula.numerator), readValue(inputs, formula.population), 1000);
		case 'difference': {
			const minuend = readValue(inputs, formula.minuend);
			const subtrahend = readValue(inputs, formula.subtrahend);
			if (minuend === null || subtrahend === null) return failure('missing_input');
			return finish(minuend - subtrahend);
		}
		case 'growth_rate': {
			const current = readValue(inputs, formula.indicator);
			const before = previous === undefined ? null : readValue(previous, formula.indicator);
			// The plain definition (x_t − x_{t−1}) / x_{t−1}: with a negative base the sign reads backwards
			// (−100 → −50 gives −50 %), which is the textbook convention and what statistical offices publish.
			return divide(current === null || before === null ? null : current - before, before, 100);
		}
	}
}

function readValue(values: IndicatorValues, code: string): number | null {
	// Own properties only, so that a code can never resolve to something inherited from Object.prototype.
	const value = Object.hasOwn(values, code) ? values[code] : undefined;
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function divide(numerator: number | null, denominator: number | null, factor: number): DerivedResult {
	if (numerator === null || denominator === null) return failure('missing_input');
	if (denominator === 0) return failure('division_by_zero');
	return finish((numerator / denominator) * factor);
}

function finish(value: number): DerivedResult {
	if (!Number.isFinite(value)) return failure('not_finite');
	// -0 (e.g. 0 / -5) would print as "-0" in some formatters and compare unequal with Object.is.
	return { value: value === 0 ? 0 : value, missing: null };
}

function failure(missing: DerivedMissing): DerivedResult {
	return { value: null, missing };
}

/** Thrown by `orderDerived` when derived indicators depend on each other; `cycle` is the path, e.g. ['A', 'B', 'A']. */
export class FormulaCycleError extends Error {
	readonly cycle: string[];

	constructor(cycle: string[]) {
		super(`Derived indicators form a cycle: ${cycle.join(' → ')}`);
		this.name = 'FormulaCycleError';
		this.cycle = cycle;
	}
}

/** The first cycle among derived indicators (e.g. ['A', 'B', 'A']; ['A', 'A'] when one refers to itself), or null. */
export function detectFormulaCycle(definitions: ReadonlyMap<string, Formula>): string[] | null {
	const walk = walkDerived(definitions);
	return 'cycle' in walk ? walk.cycle : null;
}

/** Derived indicator codes ordered so that each comes after the derived ones it reads; throws FormulaCycleError on a cycle. */
export function orderDerived(definitions: ReadonlyMap<string, Formula>): string[] {
	const walk = walkDerived(definitions);
	if ('cycle' in walk) throw new FormulaCycleError(walk.cycle);
	return walk.order;
}

/**
 * Depth-first post-order over the derived indicators; inputs that are not in `definitions` are stored
 * observations and end the path. Iterative, so a long chain of definitions cannot overflow the call stack;
 * visiting in map and input order keeps the result deterministic.
 */
function walkDerived(definitions: ReadonlyMap<string, Formula>): { order: string[] } | { cycle: string[] } {
	const done = new Set<string>();
	const order: string[] = [];
	for (const root of definitions.keys()) {
		if (done.has(root)) continue;
		const path: string[] = [root];
		const onPath = new Set<string>(path);
		const pending: string[][] = [derivedInputs(definitions, root)];
		while (path.length > 0) {
			const next = pending[pending.length - 1].shift();
			if (next === undefined) {
				const finished = path.pop() as string;
				pending.pop();
				onPath.delete(finished);
				done.add(finished);
				order.push(finished);
			} else if (onPath.has(next)) {
				return { cycle: [...path.slice(path.indexOf(next)), next] };
			} else if (!done.has(next)) {
				path.push(next);
				onPath.add(next);
				pending.push(derivedInputs(definitions, next));
			}
		}
	}
	return { order };
}

function derivedInputs(definitions: ReadonlyMap<string, Formula>, code: string): string[] {
	const formula = definitions.get(code);
	return formula === undefined ? [] : formulaInputs(formula).filter((input) => definitions.has(input));
}
