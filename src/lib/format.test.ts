import { describe, expect, it } from 'vitest';
import { formatNumber } from './format';

describe('formatNumber', () => {
	it('uses the locale separators', () => {
		expect(formatNumber(12325232, 'pt')).toBe('12.325.232');
		expect(formatNumber(12325232, 'en')).toBe('12,325,232');
	});
	it('shows a dash for unknown values', () => {
		expect(formatNumber(null, 'es')).toBe('—');
	});
});
