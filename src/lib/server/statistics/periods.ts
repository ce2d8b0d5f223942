/** How often an indicator is measured: once a year, once a quarter or once a month. */
export type Periodicity = 'annual' | 'quarterly' | 'monthly';

/** A reference period taken apart: `sub` is the quarter (1–4), the month (1–12), or 1 for a year (SDMX `2020-A1`). */
export interface ParsedPeriod {
	periodicity: Periodicity;
	year: number;
	sub: number;
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

// How many months each sub-period spans, to turn any period into a month range.
const MONTHS: Record<Periodicity, number> = { annual: 12, quarterly: 3, monthly: 1 };

// Longer periods first when two periods start together (2020 before 2020-Q1 before 2020-01).
const RANK: Record<Periodicity, number> = { annual: 0, quarterly: 1, monthly: 2 };

/** A canonical period (`2020`, `2020-Q3`, `2020-07`, years 1900–2100) taken apart, or null for anything else. */
export function parsePeriod(s: string): ParsedPeriod | null {
	const match = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/.exec(s);
	if (!match) return null;
	const year = Number(match[1]);
	if (year < MIN_YEAR || year > MAX_YEAR) return null;
	if (match[2] !== undefined) return { periodicity: 'quarterly', year, sub: Number(match[2]) };
	if (match[3] !== undefined) return { periodicity: 'monthly', year, sub: Number(match[3]) };
	return { periodicity: 'annual', year, sub: 1 };
}

/** The canonical string of a parsed period (the inverse of parsePeriod). */
export function formatPeriod(period: ParsedPeriod): string {
	if (period.periodicity === 'quarterly') return `${period.year}-Q${period.sub}`;
	if (period.periodicity === 'monthly') return `${period.year}-${String(period.sub).padStart(2, '0')}`;
	return String(period.year);
}

/**
 * The canonical period of an SDMX TIME_PERIOD (`2020`, `2020-A1`, `2020-Q3`, `2020-07`, `2020-M07`), or null
 * for other forms (semesters, weeks, days, ranges), which our indicators do not use.
 */
export function normalizePeriod(s: string): string | null {
	const value = s.trim();
	const reporting = /^(\d{4})-(?:A(1)|M(0[1-9]|1[0-2]))$/.exec(value);
	const canonical = reporting ? (reporting[2] !== undefined ? reporting[1] : `${reporting[1]}-${reporting[3]}`) : value;
	return parsePeriod(canonical) ? canonical : null;
}

/** The periodicity of a canonical period, or null when the string is not one. */
export function periodicityOf(s: string): Periodicity | null {
	return parsePeriod(s)?.periodicity ?? null;
}

// The months since year 0 at which a period starts (0-based), the key that orders periods of any periodicity.
function startMonth(period: ParsedPeriod): number {
	return period.year * 12 + (period.sub - 1) * MONTHS[period.periodicity];
}

/**
 * Orders periods chronologically by their start, for Array.sort. Periods starting together go longest first
 * (2020, 2020-Q1, 2020-01); strings that are not periods go last, in string order, so the order stays total.
 */
export function comparePeriods(a: string, b: string): number {
	const pa = parsePeriod(a);
	const pb = parsePeriod(b);
	if (!pa || !pb) {
		if (pa) return -1;
		if (pb) return 1;
		return a < b ? -1 : a > b ? 1 : 0;
	}
	return startMonth(pa) - startMonth(pb) || RANK[pa.periodicity] - RANK[pb.periodicity];
}

/** The period just before, of the same periodicity (2020-Q1 → 2019-Q4), for growth rates; null before 1900 or for a non-period. */
export function previousPeriod(s: string): string | null {
	const period = parsePeriod(s);
	if (!period) return null;
	const perYear = 12 / MONTHS[period.periodicity];
	const previous =
		period.sub > 1 ? { ...period, sub: period.sub - 1 } : { ...period, year: period.year - 1, sub: perYear };
	return previous.year < MIN_YEAR ? null : formatPeriod(previous);
}

// Throws rather than returning null: callers pass periods they already validated, so a bad one is a bug.
function parseOrThrow(s: string): ParsedPeriod {
	const period = parsePeriod(s);
	if (!period) throw new RangeError(`not a period: ${s}`);
	return period;
}

/** The first instant of a period (UTC midnight of its first day); throws a RangeError for a non-period. */
export function periodStart(s: string): Date {
	const month = startMonth(parseOrThrow(s));
	return new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
}

/** The first instant after a period (exclusive end: 2020-Q4 → 2021-01-01T00:00Z); throws a RangeError for a non-period. */
export function periodEnd(s: string): Date {
	const period = parseOrThrow(s);
	const month = startMonth(period) + MONTHS[period.periodicity];
	return new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
}

/** Whether a period's year lies within `from`–`to` (both inclusive); false for a non-period. */
export function isPeriodInRange(s: string, range: { from: number; to: number }): boolean {
	const period = parsePeriod(s);
	return period !== null && period.year >= range.from && period.year <= range.to;
}
