import { describe, expect, it } from 'vitest';
import { callStatus, instantToZonedTime, isTimeZone, zonedTimeToInstant } from './call-status';

describe('callStatus', () => {
	const call = { opensAt: new Date('2026-03-01T12:00:00Z'), closesAt: new Date('2026-04-30T22:00:00Z') };

	it('follows the clock: upcoming, open, closing soon (14 days), closed', () => {
		expect(callStatus(call, new Date('2026-02-28T23:59:59Z'))).toBe('upcoming');
		expect(callStatus(call, new Date('2026-03-01T12:00:00Z'))).toBe('open');
		expect(callStatus(call, new Date('2026-04-16T21:59:59Z'))).toBe('open');
		expect(callStatus(call, new Date('2026-04-16T22:00:00Z'))).toBe('closing_soon');
		expect(callStatus(call, new Date('2026-04-30T21:59:59Z'))).toBe('closing_soon');
		expect(callStatus(call, new Date('2026-04-30T22:00:00Z'))).toBe('closed');
	});
});

describe('time zones', () => {
	it('reads a deadline in the funder\'s zone', () => {
		// Bogotá is UTC−5 all year; Brasília UTC−3; Mexico City UTC−6 since 2022.
		expect(zonedTimeToInstant('2026-12-01T17:00', 'America/Bogota').toISOString()).toBe('2026-12-01T22:00:00.000Z');
		expect(zonedTimeToInstant('2026-12-01T17:00', 'America/Sao_Paulo').toISOString()).toBe('2026-12-01T20:00:00.000Z');
		expect(zonedTimeToInstant('2026-07-01', 'America/Mexico_City').toISOString()).toBe('2026-07-01T06:00:00.000Z');
		// Santiago de Chile keeps summer time in January (UTC−3) and winter time in July (UTC−4).
		expect(zonedTimeToInstant('2027-01-15T23:59', 'America/Santiago').toISOString()).toBe('2027-01-16T02:59:00.000Z');
		expect(zonedTimeToInstant('2026-07-15T23:59', 'America/Santiago').toISOString()).toBe('2026-07-16T03:59:00.000Z');
	});

	it('gives the wall-clock time back, and knows real zones only', () => {
		expect(instantToZonedTime(new Date('2026-12-01T22:00:00Z'), 'America/Bogota')).toBe('2026-12-01T17:00');
		expect(isTimeZone('America/La_Paz')).toBe(true);
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(() => zonedTimeToInstant('1 de diciembre', 'America/Bogota')).toThrow(RangeError);
	});
});
