import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimCountryCode } from '../../../../tests/factories';
import { getDb } from '../db';
import { loadTerritoryDirectory, loadTerritoryFile } from './load-territories';
import { getMunicipality, searchMunicipalities } from './service';

const header = 'country_iso2,code,name,admin1_code,admin1_name,population,population_year,latitude,longitude,source';

// Each test writes its own small file for a user-assigned country code and unique codes.
function writeFile(country: string, rows: string[], name = `${country.toLowerCase()}.csv`) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-load-'));
	const file = path.join(dir, name);
	writeFileSync(file, [header, ...rows].join('\n') + '\n');
	return { dir, file };
}

const code = () => String(Math.floor(Math.random() * 90_000_000) + 10_000_000);

describe('loadTerritoryFile', () => {
	it('adds new rows, then changes nothing when loaded again', async () => {
		const country = await claimCountryCode();
		const [a, b] = [code(), code()];
		const { file } = writeFile(country, [
			`${country},${a},Villa Uno,01,Norte,1500,2020,-10.5,-60.25,test`,
			`${country},${b},Villa Dos,01,Norte,,,,,test`
		]);
		const first = await loadTerritoryFile(getDb(), file);
		expect(first).toMatchObject({ status: 'loaded', country, added: 2, changed: 0, unchanged: 0, errors: [] });
		expect(await getMunicipality({ locale: 'es' }, `${country}-${a}`)).toMatchObject({ population: 1500, location: { lat: -10.5, lon: -60.25 } });
		const second = await loadTerritoryFile(getDb(), file);
		expect(second).toMatchObject({ status: 'loaded', added: 0, changed: 0, unchanged: 2 });
	});

	it('reports a changed population as changed and updates it', async () => {
		const country = await claimCountryCode();
		const a = code();
		await loadTerritoryFile(getDb(), writeFile(country, [`${country},${a},Villa Tres,01,Norte,100,2010,,,test`]).file);
		const report = await loadTerritoryFile(getDb(), writeFile(country, [`${country},${a},Villa Tres,01,Norte,120,2020,,,test`]).file);
		expect(report).toMatchObject({ added: 0, changed: 1, unchanged: 0 });
		expect((await getMunicipality({ locale: 'es' }, `${country}-${a}`)).population).toBe(120);
	});

	it('writes nothing from a file with one bad row, and names the line and column', async () => {
		const country = await claimCountryCode();
		const [good, bad] = [code(), code()];
		const report = await loadTerritoryFile(
			getDb(),
			writeFile(country, [`${country},${good},Villa Buena,01,Norte,,,,,test`, `${country},${bad},Villa Mala,01,Norte,-3,2020,,,test`]).file
		);
		expect(report).toMatchObject({ status: 'rejected', added: 0, errors: [{ row: 3, field: 'population', message: 'must be at least 0' }] });
		await expect(getMunicipality({ locale: 'es' }, `${country}-${good}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('skips the codes a sidecar file excludes', async () => {
		const country = await claimCountryCode();
		const [kept, skipped] = [code(), code()];
		const { dir } = writeFile(country, [`${country},${kept},Municipio Real,01,Norte,,,,,test`, `${country},${skipped},Area No Municipal,01,Norte,,,,,test`]);
		writeFileSync(path.join(dir, 'excluded.csv'), `code,name\n${skipped},Area No Municipal\n`);
		writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files: [`${country.toLowerCase()}.csv`], exclude: { [`${country.toLowerCase()}.csv`]: 'excluded.csv' } }));
		const [report] = await loadTerritoryDirectory(getDb(), dir);
		expect(report).toMatchObject({ status: 'loaded', added: 1, skipped: 1 });
		const found = await searchMunicipalities({ locale: 'es' }, { q: 'Area No Municipal', country });
		expect(found.items.map((item) => item.id)).not.toContain(`${country}-${skipped}`);
	});
});
