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
