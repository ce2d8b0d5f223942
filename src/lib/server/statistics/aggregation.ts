/** How an indicator rolls up from municipalities: add them, population-weighted mean, or not at all (e.g. a rate of a local tax). */
export type AggregationRule = 'sum' | 'weighted_mean' | 'none';

/**
 * Why a rolled-up value is absent: the indicator does not aggregate, no member reported a value, no member with a
 * value had a usable population (weighted mean), or the total left the range of a double.
 */
export type AggregationMissing = 'no_rule' | 'no_values' | 'no_weights' | 'not_finite';

/** A rolled-up value with its coverage: `reported` of `expected` members had a finite value. */
export interface AggregateResult {
	value: number | null;
	reported: number;
	expected: number;
	/** reported / expected, in [0, 1]; 0 when nothing is expected. */
	coverage: number;
	missing: null | AggregationMissing;
}

/** Folds members one at a time, so that a country's 17,000 municipalities need no array in memory. */
export interface Aggregator {
	/** Adds one member; a null or non-finite value counts as not reported. */
	add(value: number | null, population: number | null): void;
	/** The result so far, given how many members the unit has. */
	result(expectedCount: number): AggregateResult;
}

/**
 * Compensated (Neumaier) summation. Adding 17,000 doubles of very different sizes (a capital's budget next to a
 * hamlet's) loses low-order digits at every step, so the plain total drifts with the order rows arrive in and the
 * same query can publish different last digits. Neumaier rather than Kahan because Kahan loses the correction
 * when the next term is larger than the running total (1 + 1e100 − 1e100 gives 0 instead of 1).
 */
class CompensatedSum {
	private sum = 0;
	private compensation = 0;

	add(term: number): void {
		const total = this.sum + term;
		this.compensation += Math.abs(this.sum) >= Math.abs(term) ? this.sum - total + term : term - total + this.sum;
		this.sum = total;
	}

	get value(): number {
		return this.sum + this.compensation;
	}
}

/**
 * A streaming aggregator for one unit. For `weighted_mean` only members with both a finite value and a finite
 * population above zero enter the mean (a member without population has no weight); they still count as
 * reported, so coverage shows how many places had data, not how many could be weighted.
 */
export function createAggregator(rule: AggregationRule): Aggregator {
	let reported = 0;
	let weighted = 0;
	const values = new CompensatedSum();
	const weights = new CompensatedSum();

	return {
		add(value, population) {
			if (value === null || !Number.isFinite(value)) return;
			reported += 1;
			if (rule === 'sum') {
				values.add(value);
			} else if (rule === 'weighted_mean' && population !== null && Number.isFinite(population) && population > 0) {
				weighted += 1;
				values.add(value * population);
				weights.add(population);
			}
		},
		result(expectedCount) {
			// Expected comes from counting the unit's members: anything else is a bug upstream, not missing data.
			if (!Number.isInteger(expectedCount) || expectedCount < 0) throw new RangeError(`expectedCount must be a non-negative integer, got ${expectedCount}`);
			const base = { reported, expected: expectedCount, coverage: expectedCount === 0 ? 0 : Math.min(1, reported / expectedCount) };
			if (rule === 'none') return { ...base, value: null, missing: 'no_rule' };
			// An empty sum is not 0: publishing "0 inhabitants" for a unit nobody reported would be false.
			if (reported === 0) return { ...base, value: null, missing: 'no_values' };
			if (rule === 'weighted_mean' && weighted === 0) return { ...base, value: null, missing: 'no_weights' };
			const value = rule === 'sum' ? values.value : values.value / weights.value;
			if (!Number.isFinite(value)) return { ...base, value: null, missing: 'not_finite' };
			return { ...base, value: value === 0 ? 0 : value, missing: null };
		}
	};
}

/**
 * Rolls members up by `rule`. A sum covers the reported members only: it is partial when coverage is below 1, and
 * coverage is there to tell readers so. See `createAggregator` for which members a weighted mean uses.
 */
export function aggregate(rule: AggregationRule, members: Iterable<{ value: number | null; population: number | null }>, expectedCount: number): AggregateResult {
	const aggregator = createAggregator(rule);
	for (const member of members) aggregator.add(member.value, member.population);
	return aggregator.result(expectedCount);
}

/**
 * Rolls rows up per group (e.g. first-level unit). Every group in `expected` gets a result, with no_values when no
 * row reached it; a group absent from `expected` is counted with expected 0 (so coverage 0: its size is unknown).
 */
export function groupAggregate(
	rule: AggregationRule,
	rows: Iterable<{ group: string; value: number | null; population: number | null }>,
	expected: ReadonlyMap<string, number>
): Map<string, AggregateResult> {
	const aggregators = new Map<string, Aggregator>();
	for (const group of expected.keys()) aggregators.set(group, createAggregator(rule));
	for (const row of rows) {
		let aggregator = aggregators.get(row.group);
		if (aggregator === undefined) {
			aggregator = createAggregator(rule);
			aggregators.set(row.group, aggregator);
		}
		aggregator.add(row.value, row.population);
	}
	const results = new Map<string, AggregateResult>();
	for (const [group, aggregator] of aggregators) results.set(group, aggregator.result(expected.get(group) ?? 0));
	return results;
}
