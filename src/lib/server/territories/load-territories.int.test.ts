import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectAuditPage } from '../audit/queries';
import { openPglite, type OpenDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { countMunicipalitiesByCountry, selectAdmin1OfCountry, selectMunicipalitiesOfCountry } from './load-queries';
import { hasTerritories, loadTerritoryDirectory, loadTerritoryFile } from './load-territories';
import { TERRITORY_COLUMNS } from './territory-csv';

// Its own in-memory database: the real-directory test needs exact totals, and fixtures use made-up countries.
let database: OpenDatabase;
let tmp: string;

beforeAll(async () => {
	database = await openPglite(null);
	await migrateDatabase(database);
	tmp = mkdtempSync(path.join(os.tmpdir(), 'cabildo-territories-'));
}, 60_000);

afterAll(async () => {
	await database?.close();
	if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Each test gets its own folder and made-up country code, so tests share the database without meeting.
function writeCsv(country: string, rows: string[], name = `${country.toLowerCase()}.csv`): { dir: string; file: string } {
	const dir = mkdtempSync(path.join(tmp, `${country}-`));
	const file = path.join(dir, name);
	writeFileSync(file, [TERRITORY_COLUMNS.join(','), ...rows].join('\n') + '\n');
	return { dir, file };
}

async function fileLoadEvents(file: string) {
	const { items } = await selectAuditPage(database.db, { action: 'territories.file_loaded', limit: 1000, offset: 0 });
	return items.filter((item) => item.subjectId === file);
}

describe('loadTerritoryFile', () => {
	it('adds the rows, their country and first-level units, then changes nothing when loaded again', async () => {
		const { file } = writeCsv('ZZ', ['ZZ,0101,Villa Uno,01,Norte,1500,2020,-10.5,-60.25,test', 'ZZ,0102,Villa Dos,01,Norte,,,,,test']);

		const first = await loadTerritoryFile(database.db, file, { actorId: null });
		expect(first).toEqual({ file: 'zz.csv', country: 'ZZ', status: 'loaded', added: 2, changed: 0, unchanged: 0, skipped: 0, notInFile: 0, errors: [] });
		expect(await selectAdmin1OfCountry(database.db, 'ZZ')).toEqual([{ code: '01', name: 'Norte' }]);
		const stored = await selectMunicipalitiesOfCountry(database.db, 'ZZ');
		expect(stored.find((row) => row.id === 'ZZ-0101')).toMatchObject({ name: 'Villa Uno', searchName: 'villa uno', population: 1500, populationYear: 2020, latitude: -10.5, longitude: -60.25 });
		expect(stored.find((row) => row.id === 'ZZ-0102')).toMatchObject({ population: null, latitude: null });
		expect(await hasTerritories(database.db)).toBe(true);
		expect(await fileLoadEvents('zz.csv')).toHaveLength(1);

		const second = await loadTerritoryFile(database.db, file);
		expect(second).toMatchObject({ status: 'loaded', added: 0, changed: 0, unchanged: 2, errors: [] });
		// Nothing written, not even an audit event.
		expect(await fileLoadEvents('zz.csv')).toHaveLength(1);
	});

	it('reports a changed population as changed, updates it and renames a first-level unit', async () => {
		await loadTerritoryFile(database.db, writeCsv('ZY', ['ZY,1,Villa Tres,01,Norte,100,2010,,,test', 'ZY,2,Villa Cuatro,01,Norte,,,,,test']).file);
		const report = await loadTerritoryFile(
			database.db,
			writeCsv('ZY', ['ZY,1,Villa Tres,01,Región Norte,120,2020,,,test', 'ZY,2,Villa Cuatro,01,Región Norte,,,,,test']).file
		);
		expect(report).toMatchObject({ status: 'loaded', added: 0, changed: 1, unchanged: 1 });
		expect((await selectMunicipalitiesOfCountry(database.db, 'ZY')).find((row) => row.id === 'ZY-1')).toMatchObject({ population: 120, populationYear: 2020 });
		expect(await selectAdmin1OfCountry(database.db, 'ZY')).toEqual([{ code: '01', name: 'Región Norte' }]);
		const [latest] = await fileLoadEvents('zy.csv');
		expect(latest.details).toMatchObject({ country: 'ZY', added: 0, changed: 1, unchanged: 1, admin1Renamed: 1 });
	});

	it('writes nothing from a file with one bad row, and names its line and column', async () => {
		const report = await loadTerritoryFile(
			database.db,
			writeCsv('ZX', ['ZX,1,Villa Buena,01,Norte,,,,,test', 'ZX,2,Villa Mala,01,Norte,-3,2020,,,test']).file
		);
		expect(report).toEqual({
			file: 'zx.csv',
			country: 'ZX',
			status: 'rejected',
			added: 0,
			changed: 0,
			unchanged: 0,
			skipped: 0,
			notInFile: 0,
			errors: [{ row: 3, field: 'population', message: 'must be a whole number or empty' }]
		});
		expect(await selectMunicipalitiesOfCountry(database.db, 'ZX')).toEqual([]);
		expect(await selectAdmin1OfCountry(database.db, 'ZX')).toEqual([]);
		expect(await fileLoadEvents('zx.csv')).toEqual([]);
	});

	it('keeps the stored rows when a corrected file turns out to have a bad row, and leaves rows the file dropped', async () => {
		await loadTerritoryFile(database.db, writeCsv('ZW', ['ZW,1,Uno,01,Norte,10,2020,,,test', 'ZW,2,Dos,01,Norte,,,,,test']).file);
		const bad = await loadTerritoryFile(database.db, writeCsv('ZW', ['ZW,1,Uno,01,Norte,11,2021,,,test', 'ZW,3,Tres,01,Norte,,,91,0,test']).file);
		expect(bad).toMatchObject({ status: 'rejected', errors: [{ row: 3, field: 'latitude' }] });
		const good = await loadTerritoryFile(database.db, writeCsv('ZW', ['ZW,1,Uno,01,Norte,10,2020,,,test']).file);
		expect(good).toMatchObject({ status: 'loaded', unchanged: 1, notInFile: 1 });
		expect((await selectMunicipalitiesOfCountry(database.db, 'ZW')).map((row) => [row.id, row.population]).sort()).toEqual([
			['ZW-1', 10],
			['ZW-2', null]
		]);
	});

	it('writes the rows of a large file in several batches', async () => {
		const rows = Array.from({ length: 1203 }, (_, i) => `ZV,${String(i).padStart(5, '0')},Villa ${i},${String(i % 7).padStart(2, '0')},Región ${i % 7},,,,,test`);
		expect(await loadTerritoryFile(database.db, writeCsv('ZV', rows).file)).toMatchObject({ status: 'loaded', added: 1203 });
		expect((await countMunicipalitiesByCountry(database.db)).get('ZV')).toBe(1203);
	});
});

describe('loadTerritoryDirectory', () => {
	it('skips the codes an exclusion file lists, counting them as skipped', async () => {
		const { dir } = writeCsv('ZU', ['ZU,91001,Municipio Real,91,Norte,,,,,test', 'ZU,91263,Área No Municipalizada,91,Norte,,,,,test']);
		writeFileSync(path.join(dir, 'zu_non_municipal_units.csv'), 'code,name,divipola_type\n91263,ÁREA NO MUNICIPALIZADA,CORREGIMIENTO DEPARTAMENTAL\n');
		writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files: ['zu.csv'], exclude: { 'zu.csv': 'zu_non_municipal_units.csv' } }));

		const [report] = await loadTerritoryDirectory(database.db, dir);
		expect(report).toMatchObject({ file: 'zu.csv', status: 'loaded', added: 1, skipped: 1, errors: [] });
		expect((await selectMunicipalitiesOfCountry(database.db, 'ZU')).map((row) => row.id)).toEqual(['ZU-91001']);
		const [again] = await loadTerritoryDirectory(database.db, dir);
		expect(again).toMatchObject({ added: 0, changed: 0, unchanged: 1, skipped: 1 });
	});

	it('reports a file the manifest names but the folder lacks, and still loads the others', async () => {
		const { dir } = writeCsv('ZT', ['ZT,1,Uno,01,Norte,,,,,test']);
		writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ files: ['zs.csv', 'zt.csv'] }));
		const reports = await loadTerritoryDirectory(database.db, dir);
		expect(reports.map((report) => [report.file, report.status, report.added])).toEqual([
			['zs.csv', 'rejected', 0],
			['zt.csv', 'loaded', 1]
		]);
		expect(reports[0].errors[0]).toMatchObject({ row: 0, field: 'file' });
	});

	it('refuses a folder without a manifest', async () => {
		const { dir } = writeCsv('ZR', ['ZR,1,Uno,01,Norte,,,,,test']);
		await expect(loadTerritoryDirectory(database.db, dir)).rejects.toThrow(/manifest/);
	});

	it('loads the real reference data: every row but the excluded ones, and nothing the second time', async () => {
		const dir = path.resolve('reference-data/territories');
		const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { files: string[]; exclude: Record<string, string> };
		// Counted from the files by line, independently of the parser (these files have no quoted line breaks).
		const dataLines = (file: string) => readFileSync(path.join(dir, file), 'utf8').split('\n').filter((line) => line.trim()).length - 1;
		const expected = new Map(
			manifest.files.map((file) => [file.slice(0, 2).toUpperCase(), dataLines(file) - (manifest.exclude[file] ? dataLines(manifest.exclude[file]) : 0)])
		);
		expect(readdirSync(dir).filter((file) => /^[a-z]{2}\.csv$/.test(file)).sort()).toEqual([...manifest.files].sort());

		const first = await loadTerritoryDirectory(database.db, dir);
		expect(first.filter((report) => report.status !== 'loaded')).toEqual([]);
		expect(first.find((report) => report.file === 'co.csv')).toMatchObject({ skipped: 20 });
		const counts = await countMunicipalitiesByCountry(database.db);
		expect(new Map([...expected.keys()].map((country) => [country, counts.get(country)]))).toEqual(expected);
		const total = [...expected.values()].reduce((sum, n) => sum + n, 0);
		expect(first.reduce((sum, report) => sum + report.added, 0)).toBe(total);

		const second = await loadTerritoryDirectory(database.db, dir);
		expect(second.map((report) => report.added + report.changed).reduce((a, b) => a + b, 0)).toBe(0);
		expect(second.reduce((sum, report) => sum + report.unchanged, 0)).toBe(total);
	}, 300_000);
});
