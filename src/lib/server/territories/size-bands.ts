/** Municipality size bands by population: the experience catalogue's facet, peers in statistics, call eligibility. */
export const sizeBands = ['lt10k', '10k-50k', '50k-200k', '200k-1m', 'gt1m', 'unknown'] as const;
export type SizeBand = (typeof sizeBands)[number];

/** The band of the largest municipality involved; 'unknown' when no population is recorded (never "small"). */
export function sizeBandOf(populations: readonly (number | null)[]): SizeBand {
	const known = populations.filter((value): value is number => value !== null);
	if (!known.length) return 'unknown';
	const largest = Math.max(...known);
	if (largest < 10_000) return 'lt10k';
	if (largest < 50_000) return '10k-50k';
	if (largest < 200_000) return '50k-200k';
	if (largest < 1_000_000) return '200k-1m';
	return 'gt1m';
}
