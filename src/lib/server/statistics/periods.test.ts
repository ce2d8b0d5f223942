import { describe, expect, it } from 'vitest';
import {
	comparePeriods,
	formatPeriod,
	isPeriodInRange,
	normalizePeriod,
	parsePeriod,
	periodEnd,
	periodicityOf,
	periodStart,
	previousPeriod
} from './periods';

describe('parsePeriod', () => {
	it('takes apart the three canonical forms', () => {
		expect(parsePeriod('2020')).toEqual({ periodicity: 'annual', year: 2020, sub: 1 });
		expect(parsePeriod('2020-Q3')).toEqual({ periodicity: 'quarterly', year: 2020, sub: 3 });
		expect(parsePeriod('2020-07')).toEqual({ periodicity: 'monthly', year: 2020, sub: 7 });
		expect(parsePeriod('1900-01')).toEqual({ periodicity: 'monthly', year: 1900, sub: 1 });
		expect(parsePeriod('2100-Q4')).toEqual({ periodicity: 'quarterly', year: 2100, sub: 4 });
	});

	it('refuses anything else', () => {
		for (const text of ['', '20', '1899', '2101', '2020-Q0', '2020-Q5', '2020-q3', '2020-00', '2020-13', '2020-7', '2020-M07', '2020-A1', ' 2020', '2020-07-01', '2020-S1', 'abcd']) {
			expect(parsePeriod(text), text).toBeNull();
		}
	});

	it('formats back what it parsed', () => {
		for (const text of ['2020', '2020-Q3', '2020-07', '1999-12']) expect(formatPeriod(parsePeriod(text)!)).toBe(text);
	});
});

describe('normalizePeriod', () => {
	it('accepts the SDMX reporting forms and gives the canonical one', () => {
		expect(normalizePeriod('2020')).toBe('2020');
		expect(normalizePeriod('2020-A1')).toBe('2020');
		expect(normalizePeriod('2020-Q3')).toBe('2020-Q3');
		expect(normalizePeriod('2020-07')).toBe('2020-07');
		expect(normalizePeriod('2020-M07')).toBe('2020-07');
		expect(normalizePeriod(' 2020-M12 ')).toBe('2020-12');
	});

	it('refuses periodicities we do not use and impossible periods', () => {
		for (const text of ['2020-S1', '2020-W05', '2020-D001', '2020-01-01', '2020-A2', '2020-M13', '2020-M7', '1850-A1', '']) {
			expect(normalizePeriod(text), text).toBeNull();
		}
	});
});

describe('periodicityOf', () => {
	it('tells the periodicity, or null for a non-period', () => {
		expect(periodicityOf('2020')).toBe('annual');
		expect(periodicityOf('2020-Q1')).toBe('quarterly');
		expect(periodicityOf('2020-11')).toBe('monthly');
		expect(periodicityOf('2020-M11')).toBeNull();
	});
});

describe('comparePeriods', () => {
	it('sorts chronologically, a year before its quarters before its months, non-periods last', () => {
		const sorted = ['2021-01', 'x', '2020-Q2', '2020-04', '2019', '2020', '2020-Q1', '2020-03', '2020-12'].sort(comparePeriods);
		expect(sorted).toEqual(['2019', '2020', '2020-Q1', '2020-03', '2020-Q2', '2020-04', '2020-12', '2021-01', 'x']);
		expect(comparePeriods('2020-Q3', '2020-Q3')).toBe(0);
		expect(comparePeriods('2019-Q4', '2020')).toBeLessThan(0);
	});
});

describe('previousPeriod', () => {
	it('steps back one period of the same periodicity', () => {
		expect(previousPeriod('2020')).toBe('2019');
		expect(previousPeriod('2020-Q1')).toBe('2019-Q4');
		expect(previousPeriod('2020-Q3')).toBe('2020-Q2');
		expect(previousPeriod('2020-01')).toBe('2019-12');
		expect(previousPeriod('2020-10')).toBe('2020-09');
	});

	it('gives null before 1900 and for a non-period', () => {
		expect(previousPeriod('1900')).toBeNull();
		expect(previousPeriod('1900-Q1')).toBeNull();
		expect(previousPeriod('1900-02')).toBe('1900-01');
		expect(previousPeriod('2020-M01')).toBeNull();
	});
});

describe('periodStart and periodEnd', () => {
	it('cover the period in UTC, the end exclusive', () => {
		expect(periodStart('2020').toISOString()).toBe('2020-01-01T00:00:00.000Z');
		expect(periodEnd('2020').toISOString()).toBe('2021-01-01T00:00:00.000Z');
		expect(periodStart('2020-Q3').toISOString()).toBe('2020-07-01T00:00:00.000Z');
		expect(periodEnd('2020-Q3').toISOString()).toBe('2020-10-01T00:00:00.000Z');
		expect(periodEnd('2020-Q4').toISOString()).toBe('2021-01-01T00:00:00.000Z');
		expect(periodStart('2020-02').toISOString()).toBe('2020-02-01T00:00:00.000Z');
		expect(periodEnd('2020-02').toISOString()).toBe('2020-03-01T00:00:00.000Z');
		expect(periodEnd('2020-12').toISOString()).toBe('2021-01-01T00:00:00.000Z');
		expect(periodStart('1900').toISOString()).toBe('1900-01-01T00:00:00.000Z');
	});

	it('throw a RangeError for a non-period', () => {
		expect(() => periodStart('2020-S1')).toThrow(RangeError);
		expect(() => periodEnd('')).toThrow(RangeError);
	});
});

describe('isPeriodInRange', () => {
	it('compares the year, both ends inclusive', () => {
		expect(isPeriodInRange('2015', { from: 2015, to: 2020 })).toBe(true);
		expect(isPeriodInRange('2020-12', { from: 2015, to: 2020 })).toBe(true);
		expect(isPeriodInRange('2021-Q1', { from: 2015, to: 2020 })).toBe(false);
		expect(isPeriodInRange('2014-12', { from: 2015, to: 2020 })).toBe(false);
		expect(isPeriodInRange('nope', { from: 1900, to: 2100 })).toBe(false);
	});
});
