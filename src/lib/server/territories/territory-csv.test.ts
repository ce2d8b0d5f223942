import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countryOfFileName, parseTerritoryCsv, readTerritoryCsv, TERRITORY_COLUMNS } from './territory-csv';

const header = TERRITORY_COLUMNS.join(',');
const csv = (...rows: string[]) => [header, ...rows].join('\n') + '\n';

describe('parseTerritoryCsv', () => {
	it('reads rows, keeping leading zeros and turning empty cells into null', () => {
		const { rows, errors } = parseTerritoryCsv(
			'\uFEFF' +
				csv(
					'CO,05001,MEDELLÍN,05,ANTIOQUIA,2500000,2018,6.248586,-75.576002,"src, with comma"',
					'CO,05002,ABEJORRAL,05,ANTIOQUIA,,,,,src'
				),
			'CO'
		);
		expect(errors).toEqual([]);
		expect(rows).toEqual([
			{
				line: 2,
				countryCode: 'CO',
				code: '05001',
				name: 'MEDELLÍN',
				admin1Code: '05',
				admin1Name: 'ANTIOQUIA',
				population: 2500000,
				populationYear: 2018,
				latitude: 6.248586,
				longitude: -75.576002,
				source: 'src, with comma'
			},
			expect.objectContaining({ line: 3, code: '05002', population: null, populationYear: null, latitude: null, longitude: null })
		]);
	});

	it('reports every bad row with its line and column', () => {
		const { rows, errors } = parseTerritoryCsv(
			csv(
				'CO,05001,Medellín,05,Antioquia,-5,2018,,,src',
				'CO,05002,,05,Antioquia,,,,,src',
				'CO,05003,Bello,05,Antioquia,100,,,,src',
				'CO,05004,Envigado,05,Antioquia,,,91,-75,src',
				'CO,05007,Sabaneta,05,Antioquia,,,6.1,,src',
				'CO,05005,Itagüí,05,Antioquia,,,6.1,-75.6,src',
				'CO,05005,Itagüí bis,05,Antioquia,,,,,src',
				'MX,05006,Otro,05,Antioquia,,,,,src',
				'co,05008,Otro,05,Antioquia,,,,,src',
				'CO,05-9,Otro,05,Antioquia,,,,,src',
				'CO,05010,Otro,05,Antioquia,12.5,2020,,,src',
				'CO,05011,Otro,05,Antioquia,100,1850,,,src',
				'CO,05012,Otro,05,Antioquia,,2020,,,src',
				'CO,05013,Otro,05,Antioquia,,,1e1,-75,src',
				'CO,05014,Otro,05,Antioquia,,,,,'
			),
			'CO'
		);
		expect(rows.map((row) => row.code)).toEqual(['05005']);
		expect(errors).toEqual([
			{ row: 2, field: 'population', message: 'must be a whole number or empty' },
			{ row: 3, field: 'name', message: 'is empty' },
			{ row: 4, field: 'population_year', message: 'is required when population is given' },
			{ row: 5, field: 'latitude', message: 'must be between -90 and 90' },
			{ row: 6, field: 'longitude', message: 'latitude and longitude must both be given or both be empty' },
			{ row: 8, field: 'code', message: '05005 already appears on line 7' },
			{ row: 9, field: 'country_iso2', message: 'is MX, but this file is for CO' },
			{ row: 10, field: 'country_iso2', message: 'must be two upper-case letters (ISO 3166-1 alpha-2)' },
			{ row: 11, field: 'code', message: 'must be 1 to 20 letters or digits' },
			{ row: 12, field: 'population', message: 'must be a whole number or empty' },
			{ row: 13, field: 'population_year', message: 'must be between 1900 and 2100' },
			{ row: 14, field: 'population_year', message: 'is given without a population' },
			{ row: 15, field: 'latitude', message: 'must be a decimal number of degrees or empty' },
			{ row: 16, field: 'source', message: 'is empty' }
		]);
	});

	it('counts lines from the file, not records: blank lines, quoted line breaks and Windows line endings', () => {
		const { errors } = parseTerritoryCsv(
			[header, 'CO,05001,Uno,05,Antioquia,,,,,src', '', 'CO,05002,"Dos', 'partido",05,Antioquia,,,,,src', 'CO,05003,Tres,05,Antioquia,,,,,src', 'CO,05004,Cuatro,05,Antioquia,x,,,,src'].join(
				'\r\n'
			),
			'CO'
		);
		expect(errors).toEqual([
			{ row: 4, field: 'name', message: 'contains a line break or control character (name)' },
			{ row: 7, field: 'population', message: 'must be a whole number or empty' }
		]);
	});

	it('rejects a second name for the same first-level unit', () => {
		const { errors } = parseTerritoryCsv(csv('PE,150101,Lima,15,Lima,,,,,src', 'PE,150102,Ancón,15,Callao,,,,,src'), 'PE');
		expect(errors).toEqual([{ row: 3, field: 'admin1_name', message: 'is "Callao", but line 2 names 15 "Lima"' }]);
	});

	it('without an expected country, holds every row to the first row’s country', () => {
		const { rows, errors } = parseTerritoryCsv(csv('PE,150101,Lima,15,Lima,,,,,src', 'CL,13101,Santiago,13,RM,,,,,src'));
		expect(rows).toHaveLength(1);
		expect(errors).toEqual([{ row: 3, field: 'country_iso2', message: 'is CL, but this file is for PE' }]);
	});

	it('refuses a file without the expected header, without rows, with a short row or with broken quoting', () => {
		expect(parseTerritoryCsv('a,b\n1,2', 'CO').errors).toEqual([
			{ row: 1, field: 'header', message: `is missing the column(s) ${TERRITORY_COLUMNS.join(', ')}` }
		]);
		expect(parseTerritoryCsv('', 'CO').errors[0]).toMatchObject({ row: 1, field: 'header' });
		expect(parseTerritoryCsv(header + '\n', 'CO').errors).toEqual([{ row: 2, field: 'file', message: 'has a header but no rows' }]);
		expect(parseTerritoryCsv(csv('CO,05001,Uno,05,Antioquia,,,,'), 'CO').errors).toEqual([
			{ row: 2, field: 'row', message: 'has 9 values, the header has 10' }
		]);
		expect(parseTerritoryCsv(csv('CO,05001,"Uno,05,Antioquia,,,,,src'), 'CO').errors[0]).toMatchObject({ field: 'file' });
	});

	it('accepts the columns in another order', () => {
		const { rows, errors } = parseTerritoryCsv(
			'code,country_iso2,name,admin1_code,admin1_name,source,population,population_year,latitude,longitude\n001,GT,Uno,01,Guatemala,src,,,14.6,-90.5\n',
			'GT'
		);
		expect(errors).toEqual([]);
		expect(rows[0]).toMatchObject({ code: '001', countryCode: 'GT', latitude: 14.6, longitude: -90.5 });
	});
});

describe('readTerritoryCsv', () => {
	it('takes the expected country from the file name', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-csv-'));
		const file = path.join(dir, 'pe.csv');
		writeFileSync(file, csv('PE,150101,Lima,15,Lima,,,,,src', 'CL,13101,Santiago,13,RM,,,,,src'));
		expect((await readTerritoryCsv(file)).errors).toEqual([{ row: 3, field: 'country_iso2', message: 'is CL, but this file is for PE' }]);
		expect([countryOfFileName('/x/ar_municipios.csv'), countryOfFileName('co.csv'), countryOfFileName('manifest.json')]).toEqual([
			'AR',
			'CO',
			undefined
		]);
	});
});
