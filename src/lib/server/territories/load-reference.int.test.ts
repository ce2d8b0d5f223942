import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimCountryCode } from '../../../../tests/factories';
import { getDb } from '../db';
import { loadTerritoryDirectory } from './load-territories';
import { getDataCredits } from './data-credits';
import { getMunicipality } from './service';

const header = 'country_iso2,code,name,admin1_code,admin1_name,population,population_year,latitude,longitude,source';

describe('loadTerritoryDirectory with sidecars, national totals and units without a code', () => {
	it('merges sidecars with their sources, stores level words and national totals, lists coded-less units, and changes nothing the second time', async () => {
		const country = await claimCountryCode();
		const lower = country.toLowerCase();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-ref-'));
		mkdirSync(path.join(dir, 'population'));
		mkdirSync(path.join(dir, 'coordinates'));
		writeFileSync(
			path.join(dir, `${lower}.csv`),
			[header, `${country},${country}-01,Parish One,,,,,,,base`, `${country},${country}-02,Parish Two,,,,,,,base`].join('\n') + '\n'
		);
		writeFileSync(path.join(dir, 'population', `${lower}.csv`), `country_iso2,code,population,population_year,source\n${country},${country}-01,1200,2020,census\n`);
		writeFileSync(path.join(dir, 'coordinates', `${lower}.csv`), `country_iso2,code,latitude,longitude,source\n${country},${country}-02,10.5,-61.2,osm\n`);
		writeFileSync(path.join(dir, 'without.csv'), `${header}\n${country},,Pueblo Nuevo,,Norte,,,,,list\n`);
		writeFileSync(path.join(dir, 'countries.csv'), `country_iso2,name_es,population,population_year,source\n${country},Test,5000,2024,wb\n`);
		writeFileSync(
			path.join(dir, 'manifest.json'),
			JSON.stringify({
				files: [`${lower}.csv`],
				population: { [`${lower}.csv`]: `population/${lower}.csv` },
				coordinates: { [`${lower}.csv`]: `coordinates/${lower}.csv` },
				withoutCode: { [`${lower}.csv`]: 'without.csv' },
				nationalTotals: 'countries.csv',
				countries: { [country]: { level: 'parish', plural: 'parishes', codeSystem: 'ISO 3166-2' } }
			})
		);
		const first = await loadTerritoryDirectory(getDb(), dir);
		expect(first[0]).toMatchObject({ status: 'loaded', added: 2, sidecars: [{ values: 1 }, { values: 1 }] });
		expect(first[2]).toMatchObject({ file: 'without.csv', status: 'listed', added: 1 });
		const one = await getMunicipality({ locale: 'es' }, `${country}-${country}-01`);
		expect(one).toMatchObject({ population: 1200, populationYear: 2020, populationSource: 'census', admin1: { code: `${country}-01`, name: 'Parish One' } });
		const two = await getMunicipality({ locale: 'es' }, `${country}-${country}-02`);
		expect(two).toMatchObject({ population: null, populationSource: null, location: { lat: 10.5, lon: -61.2 }, locationSource: 'osm' });

		const credit = (await getDataCredits({ locale: 'es' })).countries.find((item) => item.code === country);
		expect(credit).toMatchObject({
			units: 2,
			level: { name: 'parish', plural: 'parishes', lang: 'es' },
			codeSystem: 'ISO 3166-2',
			population: { count: 1, years: [2020] },
			coordinates: { count: 1, fromBoundaries: 1 },
			national: { population: 5000, year: 2024, source: 'wb' },
			withoutCode: [{ name: 'Pueblo Nuevo', admin1Name: 'Norte' }]
		});

		const second = await loadTerritoryDirectory(getDb(), dir);
		expect(second.map((report) => [report.added, report.changed])).toEqual([
			[0, 0],
			[0, 0],
			[0, 0]
		]);
	});

	it('refuses the country file when a sidecar names a code it does not have', async () => {
		const country = await claimCountryCode();
		const lower = country.toLowerCase();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-ref-'));
		mkdirSync(path.join(dir, 'population'));
		writeFileSync(path.join(dir, `${lower}.csv`), `${header}\n${country},0001,Uno,01,Norte,,,,,base\n`);
		writeFileSync(path.join(dir, 'population', `${lower}.csv`), `country_iso2,code,population,population_year,source\n${country},0002,10,2020,census\n`);
		writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files: [`${lower}.csv`], population: { [`${lower}.csv`]: `population/${lower}.csv` } }));
		const [report] = await loadTerritoryDirectory(getDb(), dir);
		expect(report).toMatchObject({ status: 'rejected', errors: [{ row: 2, field: `population/${lower}.csv: code` }] });
		await expect(getMunicipality({ locale: 'es' }, `${country}-0001`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
