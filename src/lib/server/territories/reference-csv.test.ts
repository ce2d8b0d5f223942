import { describe, expect, it } from 'vitest';
import { parseLocationCsv, parseNationalTotalsCsv, parsePopulationCsv, parseUnitsWithoutCodeCsv } from './reference-csv';

const countryHeader = 'country_iso2,code,name,admin1_code,admin1_name,population,population_year,latitude,longitude,source';

describe('parsePopulationCsv', () => {
	it('reads codes as strings (leading zeros kept) with the year and source of each value', () => {
		const { rows, errors } = parsePopulationCsv(
			'\uFEFFcountry_iso2,code,population,population_year,source\nCO,05001,2427129,2018,"daner, DANE CNPV 2018"\nCO,91430,1024,2018,daner\n',
			'CO'
		);
		expect(errors).toEqual([]);
		expect(rows).toEqual([
			{ line: 2, code: '05001', population: 2427129, populationYear: 2018, source: 'daner, DANE CNPV 2018' },
			{ line: 3, code: '91430', population: 1024, populationYear: 2018, source: 'daner' }
		]);
	});

	it('reports every bad row with its line and column, and never reads an empty cell as zero', () => {
		const { rows, errors } = parsePopulationCsv(
			[
				'country_iso2,code,population,population_year,source',
				'PR,72001,,2020,census',
				'PR,72003,-1,2020,census',
				'PR,72005,12.5,2020,census',
				'PR,72007,100,1800,census',
				'PR,72009,abc,2020,census',
				'PR,72011,100,2020,',
				'PR,72013,100,2020,census',
				'PR,72013,200,2020,census',
				'CO,05001,100,2020,census',
				'PR,7 2,100,2020,census'
			].join('\n'),
			'PR'
		);
		expect(rows.map((row) => row.code)).toEqual(['72013']);
		expect(errors).toEqual([
			{ row: 2, field: 'population', message: 'is empty' },
			{ row: 3, field: 'population', message: 'must be at least 0' },
			{ row: 4, field: 'population', message: 'must be a whole number' },
			{ row: 5, field: 'population_year', message: 'must be at least 1900' },
			{ row: 6, field: 'population', message: 'must be a number' },
			{ row: 7, field: 'source', message: 'is empty' },
			{ row: 9, field: 'code', message: '72013 already appears on line 8' },
			{ row: 10, field: 'country_iso2', message: 'is CO, but this file is for PR' },
			{ row: 11, field: 'code', message: 'must be 1–20 letters or digits (dots and hyphens inside)' }
		]);
	});

	it('refuses a file without the expected columns, or that is not CSV', () => {
		expect(parsePopulationCsv('country_iso2,code,population\nPR,72001,5', 'PR')).toEqual({
			rows: [],
			errors: [{ row: 1, field: 'header', message: 'is missing column(s): population_year, source' }]
		});
		expect(parsePopulationCsv('country_iso2,code\n"PR,72001', 'PR').errors[0]).toMatchObject({ row: 0, field: 'file' });
	});
});

describe('parseLocationCsv', () => {
	it('reads GeoNames keys with dots and checks both coordinates', () => {
		const { rows, errors } = parseLocationCsv(
			[
				'country_iso2,code,latitude,longitude,source',
				'UY,UY.02.12,-32.37,-54.17,osm',
				'UY,UY.02.13,,-54.17,osm',
				'UY,UY.02.14,-32.37,-181,osm',
				'UY,UY.02.15,91,-54,osm'
			].join('\n'),
			'UY'
		);
		expect(rows).toEqual([{ line: 2, code: 'UY.02.12', latitude: -32.37, longitude: -54.17, source: 'osm' }]);
		expect(errors).toEqual([
			{ row: 3, field: 'latitude', message: 'is empty' },
			{ row: 4, field: 'longitude', message: 'must be between -180 and 180' },
			{ row: 5, field: 'latitude', message: 'must be between -90 and 90' }
		]);
	});
});

describe('parseNationalTotalsCsv', () => {
	it('reads one total per country, ignoring extra columns, and refuses a country twice', () => {
		const { rows, errors } = parseNationalTotalsCsv(
			'country_iso2,name_es,population,population_year,source\nUY,Uruguay,3386588,2024,"World Bank, ODC-PDDL-1.0"\nPR,Puerto Rico,3203295,2024,wb\nUY,Uruguay,1,2024,wb\nuy,Uruguay,1,2024,wb\n'
		);
		expect(rows).toEqual([
			{ line: 2, countryCode: 'UY', population: 3386588, populationYear: 2024, source: 'World Bank, ODC-PDDL-1.0' },
			{ line: 3, countryCode: 'PR', population: 3203295, populationYear: 2024, source: 'wb' }
		]);
		expect(errors).toEqual([
			{ row: 4, field: 'code', message: 'UY already appears on line 2' },
			{ row: 5, field: 'country_iso2', message: 'must be two upper-case letters' }
		]);
	});
});

describe('parseUnitsWithoutCodeCsv', () => {
	it('lists units by department and name, and refuses a row that has a code (it belongs in the country file)', () => {
		const { rows, errors } = parseUnitsWithoutCodeCsv(
			[
				countryHeader,
				'UY,,Bañado de Medina,UY-CL,Cerro Largo,,,,,AIArmada',
				'UY,,La Paz,UY-CO,Colonia,,,,,AIArmada',
				'UY,UY.02.99,Inventado,UY-CL,Cerro Largo,,,,,AIArmada',
				'UY,,La Paz,UY-CO,Colonia,,,,,AIArmada',
				'UY,,,UY-CO,Colonia,,,,,AIArmada'
			].join('\n'),
			'UY'
		);
		expect(rows).toEqual([
			{ line: 2, countryCode: 'UY', name: 'Bañado de Medina', admin1Name: 'Cerro Largo', source: 'AIArmada' },
			{ line: 3, countryCode: 'UY', name: 'La Paz', admin1Name: 'Colonia', source: 'AIArmada' }
		]);
		expect(errors).toEqual([
			{ row: 4, field: 'code', message: 'must be empty (a unit with a code belongs in the country file)' },
			{ row: 5, field: 'code', message: 'Colonia / La Paz already appears on line 3' },
			{ row: 6, field: 'name', message: 'is empty' }
		]);
	});

	it('reads the shipped uy_without_code.csv: 14 municipios, none with a code', async () => {
		const { readFile } = await import('node:fs/promises');
		const { rows, errors } = parseUnitsWithoutCodeCsv(await readFile('reference-data/territories/uy_without_code.csv', 'utf8'), 'UY');
		expect(errors).toEqual([]);
		expect(rows).toHaveLength(14);
		expect(new Set(rows.map((row) => row.admin1Name))).toEqual(new Set(['Cerro Largo', 'Colonia', 'Lavalleja', 'Treinta y Tres']));
	});
});
