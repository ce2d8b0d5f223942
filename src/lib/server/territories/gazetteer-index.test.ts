import { describe, expect, it } from 'vitest';
import { GazetteerIndex, trigramsOf, type GazetteerRecord } from './gazetteer-index';
import { normalizeSearchText } from './normalize';

function record(id: string, name: string, population: number | null = null, admin1Code = '01'): GazetteerRecord {
	return {
		id,
		code: id.slice(3),
		countryCode: id.slice(0, 2),
		name,
		searchName: normalizeSearchText(name),
		admin1Code,
		admin1Name: `Unit ${admin1Code}`,
		population,
		populationYear: population === null ? null : 2020,
		latitude: null,
		longitude: null,
		source: 'test',
		populationSource: null,
		locationSource: null
	};
}

const index = new GazetteerIndex(
	[
		record('BR-3550308', 'São Paulo', 12_000_000, '35'),
		record('BR-1303908', 'São Paulo de Olivença', 40_000, '13'),
		record('CO-11001', 'BOGOTÁ, D.C.', null, '11'),
		record('MX-30044', 'Córdoba', 200_000, '30'),
		record('CO-23419', 'LOS CÓRDOBAS', null, '23'),
		record('AR-14014', 'Capital', null, '14'),
		record('PE-150101', 'Lima', 9_000_000, '15'),
		record('PE-150102', 'Ancón', 60_000, '15'),
		record('CO-05001', 'MEDELLÍN', null, '05'),
		record('MX-30105', 'Medellín de Bravo', 59_000, '30')
	],
	[
		{ countryCode: 'BR', code: '35', name: 'São Paulo' },
		{ countryCode: 'BR', code: '13', name: 'Amazonas' },
		{ countryCode: 'PE', code: '15', name: 'Lima' }
	]
);
const ids = (q: string, extra: Partial<Parameters<GazetteerIndex['search']>[0]> = {}) =>
	index.search({ text: normalizeSearchText(q), raw: q, limit: 20, offset: 0, ...extra }).items.map((item) => item.id);

describe('trigramsOf', () => {
	it('pads each word like pg_trgm', () => {
		expect(trigramsOf('ab cd')).toEqual(['  a', ' ab', 'ab ', '  c', ' cd', 'cd ']);
	});
});

describe('GazetteerIndex.search', () => {
	it('finds accented names typed without accents, exact match first', () => {
		expect(ids('sao paulo')).toEqual(['BR-3550308', 'BR-1303908']);
	});
	it('prefers the closest name over a more populous longer one', () => {
		expect(ids('medelin')).toEqual(['CO-05001', 'MX-30105']);
	});
	it('tolerates typos', () => {
		expect(ids('bogta')).toContain('CO-11001');
		expect(ids('cordova')).toEqual(expect.arrayContaining(['MX-30044']));
	});
	it('finds a word inside a longer name, and fragments', () => {
		expect(ids('cordobas')[0]).toBe('CO-23419');
		expect(ids('oliv')).toEqual(['BR-1303908']);
		expect(ids('an')).toEqual(['PE-150102']);
		expect(ids('pa')).toEqual(['BR-3550308', 'BR-1303908']);
	});
	it('finds official codes and identifiers', () => {
		expect(ids('150101')).toEqual(['PE-150101']);
		expect(ids('pe-150102')).toEqual(['PE-150102']);
	});
	it('filters by country and first-level unit, and paginates with a total', () => {
		expect(ids('', { countryCode: 'PE' })).toEqual(['PE-150102', 'PE-150101']);
		expect(ids('sao paulo', { countryCode: 'BR', admin1Code: '13' })).toEqual(['BR-1303908']);
		const page = index.search({ text: '', raw: '', limit: 3, offset: 8 });
		expect(page.total).toBe(10);
		expect(page.items).toHaveLength(2);
	});
	it('returns nothing for unrelated text', () => {
		expect(ids('xylophone')).toEqual([]);
	});
});

describe('GazetteerIndex totals', () => {
	it('sums population per country and first-level unit, counting coverage', () => {
		expect(index.countrySummaries().find((c) => c.code === 'CO')).toEqual({ code: 'CO', municipalityCount: 3, population: null, municipalitiesWithPopulation: 0 });
		expect(index.countrySummaries().find((c) => c.code === 'PE')).toMatchObject({ population: 9_060_000, municipalitiesWithPopulation: 2 });
		expect(index.admin1Summaries('BR')).toEqual([
			{ code: '35', name: 'São Paulo', municipalityCount: 1, population: 12_000_000 },
			{ code: '13', name: 'Amazonas', municipalityCount: 1, population: 40_000 }
		]);
		expect(index.hasAdmin1('PE', '15')).toBe(true);
		expect(index.hasCountry('UY')).toBe(false);
		expect(index.get('MX-30044')?.name).toBe('Córdoba');
	});
});
