import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatScore } from './format';

describe('formatNumber', () => {
	it('uses the locale separators', () => {
		expect(formatNumber(12325232, 'pt')).toBe('12.325.232');
		expect(formatNumber(12325232, 'en')).toBe('12,325,232');
	});
	it('shows a dash for unknown values', () => {
		expect(formatNumber(null, 'es')).toBe('—');
	});
});

describe('formatScore and formatDate', () => {
	it('shows means with the language decimal mark and dates in words', () => {
		expect(formatScore(4.333, 'es')).toBe('4,33');
		expect(formatScore(4, 'en')).toBe('4.0');
		expect(formatScore(null, 'pt')).toBe('—');
		expect(formatDate('2026-03-01', 'en')).toBe('Mar 1, 2026');
	});
});
