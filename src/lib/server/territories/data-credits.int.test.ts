import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMunicipality, claimCountryCode } from '../../../../tests/factories';
import { getDb } from '../db';
import { getDataCredits } from './data-credits';
import { loadTerritoryDirectory } from './load-territories';
import { getMunicipality, searchMunicipalities } from './service';
import { referenceDataDir } from './sources';

const ctx = { locale: 'es' as const };

describe('getDataCredits', () => {
	it('counts units, population (with its years) and points per country, and credits no source for values that are not there', async () => {
		const country = await claimCountryCode();
		await createMunicipality({ countryCode: country, population: 12_000, populationYear: 2020, latitude: 10, longitude: -60 });
		await createMunicipality({ countryCode: country, population: 800, populationYear: 2011 });
		await createMunicipality({ countryCode: country, population: null });
		const empty = await claimCountryCode();
		await createMunicipality({ countryCode: empty, population: null });

		const credits = await getDataCredits(ctx);
		const line = credits.countries.find((item) => item.code === country);
		expect(line).toMatchObject({
			units: 3,
			population: { count: 2, years: [2011, 2020], source: null },
			coordinates: { count: 1, fromBoundaries: 0, source: null },
			withoutCode: []
		});
		expect(credits.countries.find((item) => item.code === empty)).toMatchObject({ units: 1, population: { count: 0, years: [] }, coordinates: { count: 0 } });
		expect(credits.countriesWithPopulation).toContain(line!.name);
		expect(credits.countriesWithPopulation).not.toContain(credits.countries.find((item) => item.code === empty)!.name);
		// The totals are the sums of the lines, whatever else the shared database holds.
		const sum = (pick: (item: (typeof credits.countries)[number]) => number) => credits.countries.reduce((total, item) => total + pick(item), 0);
		expect(credits.totals).toEqual({
			countries: credits.countries.length,
			units: sum((item) => item.units),
			withPopulation: sum((item) => item.population.count),
			withCoordinates: sum((item) => item.coordinates.count),
			withoutCode: sum((item) => item.withoutCode.length)
		});
		expect(credits.nationalSource.licence).toBe('ODC-PDDL-1.0');
	});

	it("shows Uruguay from the shipped files: 112 municipios with the country's word, 66 boundary centres, the 14 without a code listed and not loaded", async () => {
		// The real files, with countries.csv cut down to Uruguay's line so that the test touches only Uruguay.
		const source = referenceDataDir();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-uy-'));
		mkdirSync(path.join(dir, 'coordinates'));
		for (const file of ['uy.csv', 'uy_without_code.csv', 'coordinates/uy.csv']) copyFileSync(path.join(source, file), path.join(dir, file));
		const [header, ...lines] = readFileSync(path.join(source, 'countries.csv'), 'utf8').trimEnd().split('\n');
		writeFileSync(path.join(dir, 'countries.csv'), [header, ...lines.filter((line) => line.startsWith('UY,'))].join('\n') + '\n');
		const manifest = JSON.parse(readFileSync(path.join(source, 'manifest.json'), 'utf8'));
		writeFileSync(
			path.join(dir, 'manifest.json'),
			JSON.stringify({
				files: ['uy.csv'],
				coordinates: { 'uy.csv': 'coordinates/uy.csv' },
				withoutCode: { 'uy.csv': 'uy_without_code.csv' },
				nationalTotals: 'countries.csv',
				countries: { UY: manifest.countries.UY }
			})
		);
		const reports = await loadTerritoryDirectory(getDb(), dir);
		expect(reports.map((report) => report.status)).toEqual(['loaded', 'loaded', 'listed']);

		const uy = (await getDataCredits(ctx)).countries.find((item) => item.code === 'UY');
		expect(uy).toMatchObject({
			name: 'Uruguay',
			units: 112,
			level: { name: 'municipio', plural: 'municipios', lang: 'es' },
			codeSystem: 'GeoNames admin2',
			population: { count: 0, source: null },
			coordinates: { count: 66, fromBoundaries: 66, source: { licence: 'ODbL-1.0' } },
			national: { population: 3_386_588, year: 2024 },
			unitsSource: { licence: 'MIT + CC-BY-4.0' }
		});
		expect(uy?.withoutCode).toHaveLength(14);
		expect(uy?.withoutCode).toContainEqual({ name: 'Bañado de Medina', admin1Name: 'Cerro Largo' });
		// Known, never loaded: a search finds none of them.
		const found = await searchMunicipalities(ctx, { q: 'Bañado de Medina', country: 'UY', pageSize: 100 });
		expect(found.items.map((item) => item.name)).not.toContain('Bañado de Medina');
		const ansina = await getMunicipality(ctx, 'UY-UY.18.03');
		expect(ansina).toMatchObject({ population: null, sizeBand: 'unknown' });
	});
});
