import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detectSdmxCsv, readSdmxCsv, sdmxCsvHeader, sdmxCsvRow, type SdmxObservation, writeSdmxCsv } from './sdmx-csv';

const DATAFLOW = 'CABILDO:DF_LOCAL(1.0)';

// Splits a CSV text the way a route would before calling readSdmxCsv.
function read(text: string) {
	const [header, ...rows] = parse(text);
	return readSdmxCsv(header, rows);
}

const observations: SdmxObservation[] = [
	{ indicator: 'POP_TOTAL', territory: 'CL-13', period: '2020', value: 8125072, status: 'A', unitMultiplier: 0, unit: 'PERSONS' },
	{ indicator: 'UNEMP_RATE', territory: 'BR-3550308', period: '2021-Q3', value: 13.75, status: 'P', unit: 'PC', decimals: 2 },
	{ indicator: 'RAIN_MM', territory: 'CL', period: '2020-07', value: -0.5, status: 'E', note: 'Estación "Quinta Normal", corregida\nsegún DMC' },
	{ indicator: 'POP_TOTAL', territory: 'CL-13', period: '2021', value: null, status: 'M', note: 'no census: see "notes", page 2' }
];

describe('writeSdmxCsv and readSdmxCsv', () => {
	it('round-trip observations, with a quoted, multi-line note and a missing value (2.0)', () => {
		const text = writeSdmxCsv(observations, { structureId: DATAFLOW });
		expect(text.startsWith('STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,')).toBe(true);
		expect(text).toContain(`dataflow,${DATAFLOW},I,UNEMP_RATE,BR-3550308,2021-Q3,13.75,P,,PC,2,\r\n`);
		expect(text).toContain('"Estación ""Quinta Normal"", corregida\nsegún DMC"');
		expect(read(text)).toEqual({ observations, problems: [] });
	});

	it('round-trip in SDMX-CSV 1.0, whose first column names the dataflow', () => {
		const text = writeSdmxCsv(observations, { structureId: DATAFLOW, version: '1.0' });
		expect(text.split('\r\n')[0]).toBe('DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,UNIT_MEASURE,DECIMALS,OBS_COMMENT');
		expect(text.split('\r\n')[1]).toBe(`${DATAFLOW},POP_TOTAL,CL-13,2020,8125072,A,0,PERSONS,,`);
		expect(read(text)).toEqual({ observations, problems: [] });
	});

	it('streams the same text as it writes whole', () => {
		const options = { structureId: DATAFLOW };
		const streamed = sdmxCsvHeader(options) + observations.map((obs) => sdmxCsvRow(obs, options)).join('');
		expect(streamed).toBe(writeSdmxCsv(observations, options));
	});

	it('never writes NaN, Infinity, exponents or grouping', () => {
		const row = (value: number, decimals?: number) =>
			parse(sdmxCsvRow({ indicator: 'X', territory: 'CL', period: '2020', value, status: 'A', decimals }, { structureId: DATAFLOW }))[0];
		for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
			expect(row(value).slice(6, 8)).toEqual(['', 'M']);
		}
		expect(row(1234567.891)[6]).toBe('1234567.891');
		expect(row(1234567.891, 1)[6]).toBe('1234567.9');
		expect(row(2, 2)[6]).toBe('2.00');
		expect(row(-0.001, 2)[6]).toBe('0.00');
		expect(row(1.5e-7)[6]).toBe('0.00000015');
		expect(row(1e21)[6]).toBe('1000000000000000000000');
		expect(row(2.5e22, 1)[6]).toBe('25000000000000000000000.0');
		const text = writeSdmxCsv([{ indicator: 'X', territory: 'CL', period: '2020', value: Number.NaN, status: 'A', decimals: Number.NaN, unitMultiplier: Number.POSITIVE_INFINITY }], { structureId: DATAFLOW });
		expect(text).not.toMatch(/NaN|Infinity/);
		expect(read(text).observations).toEqual([{ indicator: 'X', territory: 'CL', period: '2020', value: null, status: 'M' }]);
	});
});

describe('detectSdmxCsv', () => {
	it('tells 1.0 from 2.0 by the first column and takes the dataflow from the first row', () => {
		expect(detectSdmxCsv(['DATAFLOW', 'INDICATOR'], [DATAFLOW, 'X'])).toEqual({ version: '1.0', structureId: DATAFLOW });
		expect(detectSdmxCsv(['STRUCTURE', 'STRUCTURE_ID', 'ACTION'], ['dataflow', DATAFLOW, 'I'])).toEqual({ version: '2.0', structureId: DATAFLOW });
		expect(detectSdmxCsv(['\uFEFFSTRUCTURE[;]', 'STRUCTURE_ID'])).toEqual({ version: '2.0', structureId: '' });
		expect(detectSdmxCsv(['STRUCTURE', 'STRUCTURE_ID'], ['dataflow', `${DATAFLOW}: Estadísticas locales`])).toEqual({ version: '2.0', structureId: DATAFLOW });
		expect(detectSdmxCsv(['indicator', 'territory', 'period', 'value'])).toBeNull();
		expect(detectSdmxCsv([])).toBeNull();
	});
});

describe('readSdmxCsv', () => {
	it('reads "ID: Label" headers and coded cells, SDMX period forms and other column names', () => {
		const text = [
			'STRUCTURE,STRUCTURE_ID,ACTION,MEASURE: Indicador,GEO_REF_AREA: Territorio,TIME_PERIOD: Período,OBS_VALUE: Valor,OBS_STATUS: Estado,COMMENT: Nota',
			`dataflow,${DATAFLOW}: Estadísticas,I,POP: Población,CL-13: Región Metropolitana,2020-A1,10,E: Estimado,Nota: con dos puntos`,
			`dataflow,${DATAFLOW}: Estadísticas,A,POP: Población,CL-13: Región Metropolitana,2020-M07,11,,`
		].join('\n');
		expect(read(text)).toEqual({
			observations: [
				{ indicator: 'POP', territory: 'CL-13', period: '2020', value: 10, status: 'E', note: 'Nota: con dos puntos' },
				{ indicator: 'POP', territory: 'CL-13', period: '2020-07', value: 11, status: 'A' }
			],
			problems: []
		});
	});

	it('reports bad values on their line and keeps the good rows', () => {
		const text = [
			'DATAFLOW,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MULT,DECIMALS',
			`${DATAFLOW},POP,CL,2020,1,A,,`,
			`${DATAFLOW},POP,CL,2021,"1,5",A,,`,
			`${DATAFLOW},POP,CL,2022,2,X,,`,
			`${DATAFLOW},POP,CL,2023-S1,3,A,,`,
			`${DATAFLOW},POP,CL,2024,,A,,`,
			`${DATAFLOW},POP,,2025,4,A,three,-1`,
			`${DATAFLOW},POP,CL,2026,NaN,,3,0`,
			`${DATAFLOW},POP,CL,2027,1e999,,,`
		].join('\n');
		const { observations, problems } = read(text);
		expect(observations).toEqual([
			{ indicator: 'POP', territory: 'CL', period: '2020', value: 1, status: 'A' },
			{ indicator: 'POP', territory: 'CL', period: '2026', value: null, status: 'M', unitMultiplier: 3, decimals: 0 }
		]);
		expect(problems).toEqual([
			{ row: 3, field: 'OBS_VALUE', code: 'not_a_number' },
			{ row: 4, field: 'OBS_STATUS', code: 'bad_status' },
			{ row: 5, field: 'TIME_PERIOD', code: 'bad_period' },
			{ row: 6, field: 'OBS_VALUE', code: 'not_a_number' },
			{ row: 7, field: 'REF_AREA', code: 'missing_column' },
			{ row: 7, field: 'UNIT_MULT', code: 'not_a_number' },
			{ row: 7, field: 'DECIMALS', code: 'not_a_number' },
			{ row: 9, field: 'OBS_VALUE', code: 'not_a_number' }
		]);
	});

	it('reports delete rows instead of importing them', () => {
		const text = [
			'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,OBS_VALUE',
			`dataflow,${DATAFLOW},R,POP,CL,2020,1`,
			`dataflow,${DATAFLOW},D,POP,CL,2021,-`,
			`dataflow,${DATAFLOW},D,,CL,,`
		].join('\r\n');
		expect(read(text)).toEqual({
			observations: [{ indicator: 'POP', territory: 'CL', period: '2020', value: 1, status: 'A' }],
			problems: [
				{ row: 3, field: 'ACTION', code: 'delete_action' },
				{ row: 4, field: 'ACTION', code: 'delete_action' }
			]
		});
	});

	it('reports missing columns on the header line and reads no row', () => {
		expect(readSdmxCsv(['STRUCTURE', 'STRUCTURE_ID', 'INDICATOR', 'OBS_VALUE'], [['dataflow', DATAFLOW, 'POP', '1']])).toEqual({
			observations: [],
			problems: [
				{ row: 1, field: 'REF_AREA', code: 'missing_column' },
				{ row: 1, field: 'TIME_PERIOD', code: 'missing_column' }
			]
		});
		expect(readSdmxCsv(['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'], []).problems).toEqual([{ row: 1, field: 'STRUCTURE', code: 'missing_column' }]);
	});

	it('skips blank lines without a problem', () => {
		expect(readSdmxCsv(['DATAFLOW', 'INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE'], [[''], [DATAFLOW, 'POP', 'CL', '2020-Q1', '.5']])).toEqual({
			observations: [{ indicator: 'POP', territory: 'CL', period: '2020-Q1', value: 0.5, status: 'A' }],
			problems: []
		});
	});
});
