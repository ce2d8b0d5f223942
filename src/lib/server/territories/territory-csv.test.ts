import { describe, expect, it } from 'vitest';
import { parseTerritoryCsv } from './territory-csv';

const header = 'country_iso2,code,name,admin1_code,admin1_name,population,population_year,latitude,longitude,source';

describe('parseTerritoryCsv', () => {
	it('reads rows keeping leading zeros and empty values as null', () => {
		const { rows, errors } = parseTerritoryCsv(
			`\uFEFF${header}\nCO,05001,MEDELLÍN,05,Antioquia,2500000,2018,6.25,-75.56,"src, with comma"\nCO,05002,ABEJORRAL,05,Antioquia,,,,,src\n`,
			'CO'
		);
		expect(errors).toEqual([]);
		expect(rows[0]).toMatchObject({ line: 2, code: '05001', admin1Code: '05', population: 2500000, latitude: 6.25, source: 'src, with comma' });
		expect(rows[1]).toMatchObject({ line: 3, population: null, populationYear: null, latitude: null, longitude: null });
	});

	it('reports every bad row with its line and column', () => {
		const { rows, errors } = parseTerritoryCsv(
			[
				header,
				'CO,05001,Medellín,05,Antioquia,-5,2018,,,src',
				'CO,05002,,05,Antioquia,,,,,src',
				'CO,05003,Bello,05,Antioquia,100,,,,src',
				'CO,05004,Envigado,05,Antioquia,,,91,-75,src',
				'CO,05007,Sabaneta,05,Antioquia,,,6.1,,src',
				'CO,05005,Itagüí,05,Antioquia,,,6.1,-75.6,src',
				'CO,05005,Itagüí bis,05,Antioquia,,,,,src',
				'MX,05006,Otro,05,Antioquia,,,,,src'
			].join('\n'),
			'CO'
		);
		expect(rows.map((row) => row.code)).toEqual(['05005']);
		expect(errors).toEqual([
			{ row: 2, field: 'population', message: 'must be at least 0' },
			{ row: 3, field: 'name', message: 'is empty' },
			{ row: 4, field: 'population_year', message: 'is required when population is given' },
			{ row: 5, field: 'latitude', message: 'must be between -90 and 90' },
			{ row: 6, field: 'longitude', message: 'latitude and longitude go together' },
			{ row: 8, field: 'code', message: '05005 already appears on line 7' },
			{ row: 9, field: 'country_iso2', message: 'is MX, but this file is for CO' }
		]);
	});

	it('refuses a file without the expected header', () => {
		expect(parseTerritoryCsv('a,b\n1,2', 'CO').errors[0]).toMatchObject({ row: 1, field: 'header' });
	});
});
