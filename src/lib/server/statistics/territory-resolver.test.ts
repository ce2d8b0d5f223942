import { describe, expect, it } from 'vitest';
import { TerritoryResolver } from './territory-resolver';

const resolver = new TerritoryResolver({
	countries: ['CO', 'BR', 'CL'],
	admin1: [
		{ countryCode: 'CO', code: '05' },
		{ countryCode: 'CL', code: '13' }
	],
	municipalities: [
		{ id: 'CO-05001', countryCode: 'CO', code: '05001' },
		{ id: 'BR-3550308', countryCode: 'BR', code: '3550308' },
		{ id: 'CL-13101', countryCode: 'CL', code: '13101' }
	]
});

describe('TerritoryResolver', () => {
	it('reads national codes with or without leading zeros, within the chosen country', () => {
		expect(resolver.resolve('05001', 'municipality', 'CO')).toEqual({ level: 'municipality', id: 'CO-05001' });
		expect(resolver.resolve('5001', 'municipality', 'CO')).toEqual({ level: 'municipality', id: 'CO-05001' });
		expect(resolver.resolve('5001.0', 'municipality', 'co')).toEqual({ level: 'municipality', id: 'CO-05001' });
		expect(resolver.resolve('5', 'admin1', 'CO')).toEqual({ level: 'admin1', id: 'CO-05' });
		expect(resolver.resolve('5001', 'municipality', 'BR')).toBeNull();
		expect(resolver.resolve('5001', 'municipality')).toBeNull();
	});

	it('reads our identifiers, and guesses the level from them when asked', () => {
		expect(resolver.resolve('co-5001', 'municipality')).toEqual({ level: 'municipality', id: 'CO-05001' });
		expect(resolver.resolve('BR-3550308', 'auto')).toEqual({ level: 'municipality', id: 'BR-3550308' });
		expect(resolver.resolve('CL-13', 'auto')).toEqual({ level: 'admin1', id: 'CL-13' });
		expect(resolver.resolve('CL', 'auto')).toEqual({ level: 'country', id: 'CL' });
		expect(resolver.resolve('UY', 'auto')).toBeNull();
		expect(resolver.resolve('', 'auto')).toBeNull();
		expect(resolver.has({ level: 'admin1', id: 'CO-05' })).toBe(true);
		expect(resolver.has({ level: 'municipality', id: 'CO-05' })).toBe(false);
	});
});
