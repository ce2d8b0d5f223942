import { describe, expect, it } from 'vitest';
import { dueReminders, isoWeek, matchesSubscription } from './digest-rules';

describe('matchesSubscription', () => {
	const call = { type: 'funding_call' as const, themes: ['water-sanitation'], countries: ['PE', 'BO'] };
	it('needs a chosen theme and a chosen country, when chosen', () => {
		expect(matchesSubscription(call, { themes: ['water-sanitation'], countries: ['PE'] })).toBe(true);
		expect(matchesSubscription(call, { themes: ['housing'], countries: ['PE'] })).toBe(false);
		expect(matchesSubscription(call, { themes: ['water-sanitation'], countries: ['BR'] })).toBe(false);
		expect(matchesSubscription(call, { themes: [], countries: [] })).toBe(true);
	});
	it('counts an entry without countries as open to every country', () => {
		expect(matchesSubscription({ ...call, countries: [] }, { themes: [], countries: ['BR'] })).toBe(true);
	});
});

describe('dueReminders', () => {
	const closes = new Date('2026-06-30T22:00:00Z');
	const at = (iso: string) => new Date(iso);
	it('sends 14 and then 3 days before, once each', () => {
		expect(dueReminders(closes, at('2026-06-16T21:59:59Z'), new Set())).toEqual([]);
		expect(dueReminders(closes, at('2026-06-16T22:00:00Z'), new Set())).toEqual([14]);
		expect(dueReminders(closes, at('2026-06-20T00:00:00Z'), new Set([14]))).toEqual([]);
		expect(dueReminders(closes, at('2026-06-27T22:00:00Z'), new Set([14]))).toEqual([3]);
		expect(dueReminders(closes, at('2026-06-28T00:00:00Z'), new Set([14, 3]))).toEqual([]);
	});
	it('sends only the nearest after a late run, and nothing once closed', () => {
		expect(dueReminders(closes, at('2026-06-29T00:00:00Z'), new Set())).toEqual([3]);
		expect(dueReminders(closes, at('2026-06-30T22:00:00Z'), new Set())).toEqual([]);
	});
});

describe('isoWeek', () => {
	it('numbers weeks the ISO way, across year ends', () => {
		expect(isoWeek(new Date('2026-11-24T12:00:00Z'))).toBe('2026-W48');
		expect(isoWeek(new Date('2027-01-01T00:00:00Z'))).toBe('2026-W53');
		expect(isoWeek(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
	});
});
