/** Formats an integer for the reader's language (thousands separators). */
export function formatNumber(value: number | null | undefined, locale: string): string {
	if (value === null || value === undefined) return '—';
	return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Formats a coordinate with five decimals (about one metre). */
export function formatCoordinate(value: number, locale: string): string {
	return new Intl.NumberFormat(locale, { minimumFractionDigits: 5, maximumFractionDigits: 5 }).format(value);
}

/** Formats an ISO timestamp as date and time in the reader's language (UTC, so every reader sees the same). */
export function formatDateTime(iso: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}

/** Formats a mean score with up to two decimals (4,33 in Spanish and Portuguese, 4.33 in English). */
export function formatScore(value: number | null | undefined, locale: string): string {
	if (value === null || value === undefined) return '—';
	return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 2 }).format(value);
}

/** Formats an ISO date (YYYY-MM-DD) in the reader's language. */
export function formatDate(isoDate: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));
}

/** Formats a statistic with the indicator's number of decimals for the reader's language; empty is a dash. */
export function formatDecimal(value: number | null | undefined, locale: string, decimals: number): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	// A table or chart formats hundreds of numbers; building a NumberFormat each time was most of that cost.
	const key = `${locale}:${decimals}`;
	let format = decimalFormats.get(key);
	if (!format) decimalFormats.set(key, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
	return format.format(value);
}
const decimalFormats = new Map<string, Intl.NumberFormat>();
