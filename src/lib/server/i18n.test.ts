import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './i18n';

describe('negotiateLocale', () => {
	it('prefers an explicit supported language', () => {
		expect(negotiateLocale('pt', 'en-US')).toBe('pt');
	});
	it('follows Accept-Language quality order', () => {
		expect(negotiateLocale(null, 'fr;q=1, en;q=0.5, pt-BR;q=0.8')).toBe('pt');
	});
	it('falls back to Spanish', () => {
		expect(negotiateLocale('de', 'fr, de')).toBe('es');
		expect(negotiateLocale(null, null)).toBe('es');
	});
});
