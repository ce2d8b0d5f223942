import { describe, expect, it } from 'vitest';
import {
	codeVariants,
	CsvDialectError,
	detectDelimiter,
	detectLayout,
	detectNumberFormat,
	MISSING_VALUE_MARKS,
	normalizePeriod,
	normalizeTerritoryCode,
	type NumberFormat,
	parseNumber,
	readCsvTable
} from './csv-dialect';

function catchError(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return undefined;
}

function dialectError(run: () => unknown): CsvDialectError {
	const error = catchError(run);
	expect(error).toBeInstanceOf(CsvDialectError);
	return error as CsvDialectError;
}


const commaDecimal: NumberFormat = { decimal: ',', thousands: '.' };
const pointDecimal: NumberFormat = { decimal: '.', thousands: ',' };
const spaceGrouped: NumberFormat = { decimal: ',', thousands: ' ' };

describe('detectDelimiter', () => {
	it('finds semicolon files even with decimal commas in every row', () => {
		expect(detectDelimiter('Región;Año;Valor\nÑuñoa;2020;1.234,5\nMaipú;2020;987,25\n')).toBe(';');
		expect(detectDelimiter('Código;Valor (miles, pesos)\n13101;1,5\n13102;2,5\n')).toBe(';');
	});

	it('finds comma and tab files', () => {
		expect(detectDelimiter('code,name,2019,2020\n05001,Medellín,1.5,2.5\n05002,Abejorral,3,4\n')).toBe(',');
		expect(detectDelimiter('code\tname\tvalue\n05001\tMedellín, Antioquia\t1,5\n05002\tAbejorral; Antioquia\t2\n')).toBe('\t');
	});

	it('ignores separators inside quoted fields, including quoted line breaks', () => {
		const comma = 'code,name,value\n1,"Santiago; Región Metropolitana",3\n2,"Valparaíso;\nV Región; Chile",4\n3,Talca,5\n';
		expect(detectDelimiter(comma)).toBe(',');
		const semicolon = 'code;name;value\n1;"Bogotá, D.C.";3,5\n2;"Cali, Valle, Colombia";4,25\n';
		expect(detectDelimiter(semicolon)).toBe(';');
	});

	it('prefers the consistent separator over the frequent one and survives a title line', () => {
		const text = 'Cuadro 1. Población, por comuna, sexo, área\nComuna;Hombres;Mujeres\nA;1,5;2,5\nB, Norte;3;4\nC;5;6\n';
		expect(detectDelimiter(text)).toBe(';');
	});

	it('falls back to comma for a single column', () => {
		expect(detectDelimiter('code\n05001\n05002\n')).toBe(',');
	});
});

describe('detectNumberFormat', () => {
	it('reads decimal commas with dot thousands', () => {
		expect(detectNumberFormat(['1.234,5', '12,5', '7'])).toEqual({ decimal: ',', thousands: '.' });
		expect(detectNumberFormat(['1.234.567'])).toEqual({ decimal: ',', thousands: '.' });
		expect(detectNumberFormat(['12,5', '3,25'])).toEqual({ decimal: ',', thousands: '' });
		expect(detectNumberFormat(['0,125', '1234,567'])).toEqual({ decimal: ',', thousands: '' });
	});

	it('reads decimal points with comma thousands', () => {
		expect(detectNumberFormat(['1,234.5', '12.5'])).toEqual({ decimal: '.', thousands: ',' });
		expect(detectNumberFormat(['1,234,567', '8'])).toEqual({ decimal: '.', thousands: ',' });
	});

	it('treats "1.234" as thousands only when other cells show decimal commas', () => {
		expect(detectNumberFormat(['1.234', '5.678', '12,5'])).toEqual({ decimal: ',', thousands: '.' });
		expect(detectNumberFormat(['1.234', '5.678'])).toEqual({ decimal: '.', thousands: '' });
		expect(detectNumberFormat(['1.234', '5.678'], ',')).toEqual({ decimal: ',', thousands: '.' });
		expect(detectNumberFormat(['1,234', '5,678'])).toEqual({ decimal: '.', thousands: ',' });
	});

	it('reads space-grouped numbers, also with NBSP and narrow no-break space', () => {
		expect(detectNumberFormat(['1 234 567', '12,5'])).toEqual({ decimal: ',', thousands: ' ' });
		expect(detectNumberFormat(['1\u00a0234,5', '1\u202f000'])).toEqual({ decimal: ',', thousands: ' ' });
	});

	it('ignores signs, missing marks and integers, and defaults to a decimal point', () => {
		expect(detectNumberFormat(['-1.234,5', '..', 'n.d.', '42'])).toEqual({ decimal: ',', thousands: '.' });
		expect(detectNumberFormat(['', '12', 'abc'])).toEqual({ decimal: '.', thousands: '' });
	});
});

describe('parseNumber', () => {
	it('parses decimal commas with dot thousands', () => {
		expect(parseNumber('1.234.567,8', commaDecimal)).toEqual({ ok: true, value: 1234567.8 });
		expect(parseNumber(' 12,5 ', commaDecimal)).toEqual({ ok: true, value: 12.5 });
		expect(parseNumber('1234567', commaDecimal)).toEqual({ ok: true, value: 1234567 });
		expect(parseNumber(',5', commaDecimal)).toEqual({ ok: true, value: 0.5 });
	});

	it('parses decimal points with comma thousands', () => {
		expect(parseNumber('1,234,567.8', pointDecimal)).toEqual({ ok: true, value: 1234567.8 });
		expect(parseNumber('0.001', pointDecimal)).toEqual({ ok: true, value: 0.001 });
	});

	it('parses space thousands with plain, no-break and narrow no-break spaces', () => {
		expect(parseNumber('1 234 567', spaceGrouped)).toEqual({ ok: true, value: 1234567 });
		expect(parseNumber('1\u00a0234,5', spaceGrouped)).toEqual({ ok: true, value: 1234.5 });
		expect(parseNumber('1\u202f234\u00a0567', spaceGrouped)).toEqual({ ok: true, value: 1234567 });
		expect(parseNumber('1 234', commaDecimal)).toEqual({ ok: false, reason: 'not_a_number' });
	});

	it('parses signs: leading - + and U+2212, trailing minus', () => {
		expect(parseNumber('-1.234,5', commaDecimal)).toEqual({ ok: true, value: -1234.5 });
		expect(parseNumber('+3', commaDecimal)).toEqual({ ok: true, value: 3 });
		expect(parseNumber('\u22122,5', commaDecimal)).toEqual({ ok: true, value: -2.5 });
		expect(parseNumber('2,5-', commaDecimal)).toEqual({ ok: true, value: -2.5 });
		expect(parseNumber('-0,0', commaDecimal)).toEqual({ ok: true, value: 0 });
		expect(Object.is((parseNumber('-0', commaDecimal) as { value: number }).value, 0)).toBe(true);
		expect(parseNumber('--2', commaDecimal)).toEqual({ ok: false, reason: 'not_a_number' });
		expect(parseNumber('-2-', commaDecimal)).toEqual({ ok: false, reason: 'not_a_number' });
	});

	it('rejects letters, two decimal marks, bad grouping and the other format', () => {
		for (const raw of ['abc', '12a', '1,2,3', '1,2.3', '1.2.3', '12.34,5', '1.23', '12,', '+', '12%', '$ 5']) {
			expect(parseNumber(raw, commaDecimal), raw).toEqual({ ok: false, reason: 'not_a_number' });
		}
		expect(parseNumber('1.234,5', { decimal: ',', thousands: '' })).toEqual({ ok: false, reason: 'not_a_number' });
		expect(parseNumber('1.234,5', pointDecimal)).toEqual({ ok: false, reason: 'not_a_number' });
	});

	it('never returns NaN or Infinity', () => {
		for (const raw of ['1e999', 'Infinity', '-Infinity', 'NaN', '1E5', '0x10', `1${'0'.repeat(400)}`]) {
			const result = parseNumber(raw, pointDecimal);
			expect(result.ok, raw).toBe(false);
		}
		expect(parseNumber('9'.repeat(300), pointDecimal)).toEqual({ ok: true, value: Number('9'.repeat(300)) });
	});

	it('gives empty for blank cells and every missing-value mark', () => {
		expect(parseNumber('', commaDecimal)).toEqual({ ok: false, reason: 'empty' });
		expect(parseNumber(' \t\u00a0', commaDecimal)).toEqual({ ok: false, reason: 'empty' });
		for (const raw of ['..', '...', '-', '\u2212', 'n.d.', 'N.D.', 's/d', 'S/D', 'NA', 'na', ' x ', 'NaN']) {
			expect(parseNumber(raw, commaDecimal), raw).toEqual({ ok: false, reason: 'empty' });
		}
		for (const mark of MISSING_VALUE_MARKS) expect(parseNumber(mark.toUpperCase(), pointDecimal).ok).toBe(false);
	});
});

describe('territory codes', () => {
	it('normalises code cells without losing leading zeros', () => {
		expect(normalizeTerritoryCode(' 05001 ')).toBe('05001');
		expect(normalizeTerritoryCode('"05001"')).toBe('05001');
		expect(normalizeTerritoryCode("'05001")).toBe('05001');
		expect(normalizeTerritoryCode('="05001"')).toBe('05001');
		expect(normalizeTerritoryCode('5001.0')).toBe('5001');
		expect(normalizeTerritoryCode('3550308.00')).toBe('3550308');
		expect(normalizeTerritoryCode('05 001')).toBe('05001');
		expect(normalizeTerritoryCode(' CL-13101 ')).toBe('CL-13101');
		expect(normalizeTerritoryCode('5001.5')).toBe('5001.5');
	});

	it('gives the code as is, padded and without leading zeros, without duplicates', () => {
		expect(codeVariants('5001', 5)).toEqual(['5001', '05001']);
		expect(codeVariants('05001', 5)).toEqual(['05001', '5001']);
		expect(codeVariants('005001', 5)).toEqual(['005001', '05001', '5001']);
		expect(codeVariants('13101', 5)).toEqual(['13101']);
		expect(codeVariants('0', 2)).toEqual(['0', '00']);
		expect(codeVariants('CL-13101', 5)).toEqual(['CL-13101']);
	});
});

describe('readCsvTable', () => {
	it('reads header and rows, trims header cells and drops trailing blank lines', () => {
		const table = readCsvTable('\ufeff Código ;Comuna; 2020 \r\n13101;"Santiago; Centro";1.234,5\r\n13102;Cerrillos;7\r\n\r\n  \r\n', { delimiter: ';' });
		expect(table).toEqual({
			header: ['Código', 'Comuna', '2020'],
			rows: [
				['13101', 'Santiago; Centro', '1.234,5'],
				['13102', 'Cerrillos', '7']
			],
			truncated: false
		});
	});

	it('keeps an empty last field and quoted line breaks', () => {
		const table = readCsvTable('a\tb\tc\n1\t"x\ny"\t\n', { delimiter: '\t' });
		expect(table.rows).toEqual([['1', 'x\ny', '']]);
	});

	it('stops at maxRows and says the file goes on', () => {
		const text = 'a,b\n1,2\n3,4\n5,6\n';
		expect(readCsvTable(text, { delimiter: ',', maxRows: 2 })).toEqual({ header: ['a', 'b'], rows: [['1', '2'], ['3', '4']], truncated: true });
		expect(readCsvTable(text, { delimiter: ',', maxRows: 3 }).truncated).toBe(false);
	});

	it('refuses an unterminated quote with the line where its record starts', () => {
		const error = dialectError(() => readCsvTable('a;b\n1;2\n3;"cut off\n5;6\n7;8\n', { delimiter: ';' }));
		expect(error.code).toBe('malformed');
		expect(error.line).toBe(3);
		expect(error.message).toContain('line 3');
	});

	it('refuses a row with the wrong number of fields, with its line', () => {
		const error = dialectError(() => readCsvTable('a;b\n1;2\n3;4;5\n', { delimiter: ';' }));
		expect(error.code).toBe('malformed');
		expect(error.line).toBe(3);
	});

	it('refuses a 2 MB single line quickly', () => {
		const started = performance.now();
		const error = dialectError(() => readCsvTable(`a;b\n${'1;2;'.repeat(512 * 1024)}`, { delimiter: ';' }));
		expect(error.code).toBe('too_long');
		expect(error.line).toBe(2);
		expect(performance.now() - started).toBeLessThan(2000);
	});

	it('refuses a record longer than the limit even when its lines are short', () => {
		const lines = `${'x'.repeat(99)}\n`.repeat(30);
		const error = dialectError(() => readCsvTable(`a;b\n1;"${lines}"\n`, { delimiter: ';', maxFieldLength: 1000 }));
		expect(error.code).toBe('too_long');
	});

	it('refuses an empty text', () => {
		expect(dialectError(() => readCsvTable('\n \n', { delimiter: ',' })).code).toBe('empty');
	});
});

describe('normalizePeriod', () => {
	it('normalises years, quarters and months', () => {
		const cases: [string, string][] = [
			['2020', '2020'],
			[' 2020 ', '2020'],
			['2020-Q3', '2020-Q3'],
			['2020Q3', '2020-Q3'],
			['2020q3', '2020-Q3'],
			['2020-T3', '2020-Q3'],
			['2020T3', '2020-Q3'],
			['T3 2020', '2020-Q3'],
			['2020-07', '2020-07'],
			['2020/07', '2020-07'],
			['2020M07', '2020-07'],
			['2020-M7', '2020-07'],
			['07/2020', '2020-07'],
			['12-2020', '2020-12']
		];
		for (const [raw, period] of cases) expect(normalizePeriod(raw), raw).toBe(period);
	});

	it('returns null for anything else', () => {
		for (const raw of ['', 'Valor', '1899', '2101', '2020-Q5', '2020-Q0', '2020-13', '2020-00', '13/2020', '2020/1', '2020-S1', '2020-07-01', '20207', 'Año 2020']) {
			expect(normalizePeriod(raw), raw).toBeNull();
		}
	});
});

describe('detectLayout', () => {
	it('finds a wide table with one column per period', () => {
		expect(detectLayout(['Código', 'Comuna', '2019', '2020', 'Fuente'])).toEqual({
			kind: 'wide',
			periodColumns: [
				{ index: 2, period: '2019' },
				{ index: 3, period: '2020' }
			]
		});
		expect(detectLayout(['code', '2020T3', '2020-T4'])).toEqual({
			kind: 'wide',
			periodColumns: [
				{ index: 1, period: '2020-Q3' },
				{ index: 2, period: '2020-Q4' }
			]
		});
	});

	it('takes a table with a period column, or with one period header, for long', () => {
		expect(detectLayout(['Código', 'Comuna', 'Año', 'Valor'])).toEqual({ kind: 'long' });
		expect(detectLayout(['Código', 'Comuna', '2020'])).toEqual({ kind: 'long' });
	});
});
