/** Where a funding call stands, computed from its dates (never stored, so it is never stale). */
export type CallStatus = 'upcoming' | 'open' | 'closing_soon' | 'closed';

/** An open call closing within this many days is "closing soon". */
export const CLOSING_SOON_DAYS = 14;

/** The status of a call at `now`: before opening, open, open and closing within 14 days, or closed. */
export function callStatus(call: { opensAt: Date; closesAt: Date }, now: Date): CallStatus {
	if (now < call.opensAt) return 'upcoming';
	if (now >= call.closesAt) return 'closed';
	if (call.closesAt.getTime() - now.getTime() <= CLOSING_SOON_DAYS * 86_400_000) return 'closing_soon';
	return 'open';
}

// The offset (ms) of a time zone from UTC at an instant, read from Intl (no time-zone database of our own).
function offsetAt(instant: number, timeZone: string): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		})
			.formatToParts(new Date(instant))
			.map((part) => [part.type, part.value])
	);
	const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
	return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Whether a string is an IANA time zone this runtime knows (e.g. America/Bogota). */
export function isTimeZone(value: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

/**
 * The instant of a wall-clock time ("2026-12-01T17:00") in a time zone, as funders publish deadlines. In a
 * daylight-saving gap the time is moved forward by the gap, as clocks do.
 */
export function zonedTimeToInstant(localDateTime: string, timeZone: string): Date {
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(localDateTime);
	if (!match) throw new RangeError(`not a local date-time: ${localDateTime}`);
	const [, y, mo, d, h = '00', mi = '00'] = match;
	const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
	// Two passes settle the offset even when the guess falls on the other side of a change.
	let instant = wall - offsetAt(wall, timeZone);
	instant = wall - offsetAt(instant, timeZone);
	return new Date(instant);
}

/** The wall-clock time of an instant in a time zone, as "YYYY-MM-DDTHH:mm" (for forms and iCalendar). */
export function instantToZonedTime(instant: Date, timeZone: string): string {
	const shifted = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
	return shifted.toISOString().slice(0, 16);
}
