import { describe, expect, it } from 'vitest';
import { normalizeSearchText } from './normalize';

describe('normalizeSearchText', () => {
	it('strips accents and case', () => {
		expect(normalizeSearchText('São Paulo')).toBe('sao paulo');
		expect(normalizeSearchText('BOGOTÁ, D.C.')).toBe('bogota d c');
		expect(normalizeSearchText('Córdoba')).toBe('cordoba');
	});
	it('keeps ñ as n and collapses punctuation', () => {
		expect(normalizeSearchText("Peñalolén  -  D'Oeste")).toBe('penalolen d oeste');
	});
	it('returns an empty string for punctuation only', () => {
		expect(normalizeSearchText(' ,.- ')).toBe('');
	});
});
