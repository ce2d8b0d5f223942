// Issue 12 §1: the indicator page, the observations API and the CSV download read one service, so they must give the
// same values, statuses and bases, territory by territory, for every built-in indicator, a stored one rolled up from
// municipalities and a derived one, at every level and period. The data are this file's own country.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, claimCountryCode } from '../../../../tests/factories';
import { createTestIndicator, importLongCsv } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { getIndicatorTable, refreshBuiltInIndicators } from './indicator-service';
import { exportIndicator, listObservations } from './open-data';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
type Seen = Map<string, { value: number | null; status: string; basis: string; coverage: string }>;

let editor: Actor;
let country: string;
let stored: string;
let derived: string;

const importLong = (code: string, body: string) => importLongCsv(editor, code, body, { title: 'Gasto' });

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	country = await claimCountryCode();
	// Two units; one municipality without population, so that the roll-up of POPULATION is incomplete there.
	const places = await Promise.all([
		createMunicipality({ countryCode: country, admin1Code: '11', population: 12_000 }),
		createMunicipality({ countryCode: country, admin1Code: '11', population: 3_500 }),
		createMunicipality({ countryCode: country, admin1Code: '12', population: 40_000 }),
		createMunicipality({ countryCode: country, admin1Code: '12', population: null })
	]);
	await refreshBuiltInIndicators(getDb());
	stored = await createTestIndicator(editor, { 'name.es': 'Gasto', unit: 'pesos', aggregation: 'sum' });
	derived = await createTestIndicator(editor, { 'name.es': 'Gasto por habitante', unit: 'pesos', decimals: 3, formula: JSON.stringify({ kind: 'ratio', numerator: stored, denominator: 'POPULATION' }) });
	const [a, b, c, d] = places;
	// 2020: three of four report, one provisional; 2021: all four. POPULATION is dated 2020, so 2021 per capita is empty.
	await importLong(stored, `${a.id},2020,100,A\n${b.id},2020,50,P\n${c.id},2020,400,A\n${a.id},2021,110,A\n${b.id},2021,55,A\n${c.id},2021,420,A\n${d.id},2021,9,A\n`);
}, 120_000);

const coverageText = (coverage: { reported: number; expected: number } | null) => (coverage ? `${coverage.reported}/${coverage.expected}` : '');

async function fromPage(code: string, level: string, period: string): Promise<Seen> {
	const seen: Seen = new Map();
	for (let page = 1; ; page++) {
		const table = await getIndicatorTable(as(null), code, { level, period, country, pageSize: '100', page: String(page) });
		for (const item of table.items) seen.set(item.id, { value: item.value, status: item.status, basis: item.basis, coverage: coverageText(item.coverage) });
		if (page * 100 >= table.total) return seen;
	}
}

async function fromApi(code: string, level: string, period: string): Promise<Seen> {
	const seen: Seen = new Map();
	for (let page = 1; ; page++) {
		const result = await listObservations(as(null), code, { level, period, country, pageSize: '100', page: String(page) });
		for (const item of result.items) seen.set(item.territory, { value: item.value, status: item.status, basis: item.basis, coverage: coverageText(item.coverage) });
		if (page * 100 >= result.total) return seen;
	}
}

async function fromCsv(code: string, level: string, period: string): Promise<Seen> {
	const file = await exportIndicator(as(null), code, 'csv', { level, period, country });
	const [header, ...rows] = parse(await new Response(file.body).text()) as string[][];
	const column = (name: string) => header.indexOf(name);
	const seen: Seen = new Map();
	for (const row of rows) {
		const reported = row[column('coverage_reported')];
		seen.set(row[column('territory')], {
			value: row[column('value')] === '' ? null : Number(row[column('value')]),
			status: row[column('status')],
			basis: row[column('basis')],
			coverage: reported === '' ? '' : `${reported}/${row[column('coverage_expected')]}`
		});
	}
	return seen;
}

describe('the page, the API and the CSV give the same observations', () => {
	it('for every built-in indicator, a rolled-up stored one and a derived one, at every level and period', async () => {
		let compared = 0;
		const bases = new Set<string>();
		for (const code of ['POPULATION', 'MUNICIPALITIES', 'INHABITANTS_PER_MUNICIPALITY', stored, derived]) {
			const first = await getIndicatorTable(as(null), code, { country });
			for (const level of first.indicator.levels) {
				const { periods } = await getIndicatorTable(as(null), code, { level, country });
				for (const period of periods) {
					const page = await fromPage(code, level, period);
					const api = await fromApi(code, level, period);
					const csv = await fromCsv(code, level, period);
					// Numbers compared as the CSV writes them (decimal text), so 1/3 must agree to the last digit.
					expect(Object.fromEntries(api), `${code} ${level} ${period}: API vs page`).toEqual(Object.fromEntries(page));
					expect(Object.fromEntries(csv), `${code} ${level} ${period}: CSV vs page`).toEqual(Object.fromEntries(page));
					compared += page.size;
					for (const cell of page.values()) bases.add(cell.basis);
				}
			}
		}
		// Guard against comparing empty tables: every kind of value was met.
		expect(bases).toEqual(new Set(['stored', 'rolled_up', 'derived']));
		expect(compared).toBeGreaterThan(20);
	});

	it('gives a roll-up its coverage and status, and says why a derived value is empty', async () => {
		const population = await listObservations(as(null), 'POPULATION', { level: 'admin1', country });
		expect(population.items.map((item) => [item.territory, item.value, item.status, item.basis, item.coverage])).toEqual([
			[`${country}-11`, 15_500, 'A', 'rolled_up', { reported: 2, expected: 2 }],
			[`${country}-12`, 40_000, 'E', 'rolled_up', { reported: 1, expected: 2 }]
		]);
		const perCapita = await listObservations(as(null), derived, { level: 'country', country });
		expect(perCapita.items.map((item) => [item.period, item.value, item.status, item.basis, item.missing])).toEqual([
			['2020', 550 / 55_500, 'P', 'derived', null],
			['2021', null, 'M', 'derived', 'missing_input']
		]);
		const mixed = await listObservations(as(null), 'INHABITANTS_PER_MUNICIPALITY', { country });
		expect(mixed.items.map((item) => [item.level, item.territory, item.value, item.basis])).toEqual([
			['country', country, 55_500 / 4, 'derived'],
			['admin1', `${country}-11`, 15_500 / 2, 'derived'],
			['admin1', `${country}-12`, 40_000 / 2, 'derived']
		]);
	});

	it('pages the same way for every kind, and filters by country', async () => {
		const all = await listObservations(as(null), stored, { country, pageSize: '100' });
		// Country (2 periods) + 2 units × 2 periods + 4 municipalities in 2021 and 3 in 2020.
		expect(all.total).toBe(2 + 4 + 7);
		const pages = [];
		for (let page = 1; page <= 5; page++) pages.push(...(await listObservations(as(null), stored, { country, pageSize: '3', page: String(page) })).items);
		expect(pages).toEqual(all.items);
		expect(all.items.map((item) => item.level)).toEqual([...Array(2).fill('country'), ...Array(4).fill('admin1'), ...Array(7).fill('municipality')]);
		const other = await listObservations(as(null), stored, { country: country === 'ZZ' ? 'ZY' : 'ZZ' });
		expect(other).toMatchObject({ total: 0, items: [] });
		await expect(listObservations(as(null), stored, { country: 'Chile' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'country' }] });
	});
});
