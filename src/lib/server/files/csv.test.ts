import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutraliseCsvCell, writeCsv } from './csv';

describe('neutraliseCsvCell', () => {
	it.each(['=HYPERLINK("http://evil.example","clic")', '+cmd|/C calc', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '-'])('gives %j a leading apostrophe', (cell) => {
		expect(neutraliseCsvCell(cell)).toBe(`'${cell}`);
	});

	it.each(['-12.5', '+3', '-0', '1e-5', '-.5', 'Presupuesto = participación', 'Santa Fe', '', '2020-Q3'])('leaves %j as it is', (cell) => {
		expect(neutraliseCsvCell(cell)).toBe(cell);
	});
});

describe('writeCsv', () => {
	it('neutralises text cells only, quoting as CSV does, and writes numbers and booleans as they are', () => {
		const text = writeCsv([
			['=1+1', -3, '-4.5', true, 'a,b'],
			['@x', 0, '', false, '"q"']
		]);
		expect(parse(text)).toEqual([
			["'=1+1", '-3', '-4.5', 'true', 'a,b'],
			["'@x", '0', '', 'false', '"q"']
		]);
	});
});
