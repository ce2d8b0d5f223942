/** What a subscriber asked for; empty lists mean "any". */
export interface SubscriptionFilter {
	themes: readonly string[];
	countries: readonly string[];
}

/** A new directory entry as the digest sees it; an entry with no countries is open to all (e.g. a call for any country). */
export interface DigestItem {
	type: 'institution' | 'funding_call' | 'expert' | 'service';
	themes: readonly string[];
	countries: readonly string[];
}

/** Whether a new entry matches a subscription: on a chosen theme (if any were chosen) and in a chosen country (if any). */
export function matchesSubscription(item: DigestItem, subscription: SubscriptionFilter): boolean {
	const themeOk = !subscription.themes.length || item.themes.some((theme) => subscription.themes.includes(theme));
	const countryOk = !subscription.countries.length || !item.countries.length || item.countries.some((country) => subscription.countries.includes(country));
	return themeOk && countryOk;
}

/** Days before a followed call closes when a reminder is due. */
export const REMINDER_DAYS = [14, 3] as const;

/**
 * The reminders due for a followed call at `now`: each lead time whose moment has come, while the call is still open,
 * that has not been sent yet. A late run sends only the nearest one (no "14 days left" when 2 are left).
 */
export function dueReminders(closesAt: Date, now: Date, alreadySent: ReadonlySet<number>): number[] {
	const left = closesAt.getTime() - now.getTime();
	if (left <= 0) return [];
	const due = REMINDER_DAYS.filter((days) => left <= days * 86_400_000);
	if (!due.length) return [];
	const nearest = Math.min(...due);
	return alreadySent.has(nearest) ? [] : [nearest];
}

/** The ISO 8601 week of a moment in UTC, as "2026-W48": the digest's period. */
export function isoWeek(moment: Date): string {
	const date = new Date(Date.UTC(moment.getUTCFullYear(), moment.getUTCMonth(), moment.getUTCDate()));
	const day = date.getUTCDay() || 7;
	date.setUTCDate(date.getUTCDate() + 4 - day);
	const yearStart = new Date(Date.UTC(date.getUTCFullYear(), 0, 1));
	const week = Math.ceil(((date.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
	return `${date.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}
