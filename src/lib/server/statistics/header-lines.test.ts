import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from './csv-dialect';
import { decodeHead, detectEncoding } from './csv-encoding';
import { describeLine, detectHeaderLine, isNoteLine, splitAtHeader, type LineRecord } from './header-lines';
import { readRecords } from './import-reader';

// Records as the importer splits them: decoded, separator detected, quotes honoured.
async function recordsOf(bytes: Uint8Array): Promise<{ records: LineRecord[]; delimiter: string }> {
	const text = decodeHead(bytes, detectEncoding(bytes), Infinity);
	const delimiter = detectDelimiter(text);
	const records: LineRecord[] = [];
	for await (const record of readRecords(text, delimiter)) records.push(record);
	return { records, delimiter };
}

const fixture = (name: string) => readFileSync(`tests/fixtures/statistics/${name}`);
const split = (lines: string[], delimiter = ';') => lines.map((text, index) => ({ line: index + 1, cells: text.split(delimiter) }));

describe('detectHeaderLine on offices’ downloads', () => {
	it.each([
		// INEGI: UTF-8 with BOM, commas, a title cut in two cells at its comma, quoted figures with thousands commas.
		['inegi-poblacion-municipios.csv', { headerLine: 5, titleLines: [1, 2, 3], noteLines: [10, 11, 12] }, ['Clave', 'Entidad federativa', 'Municipio', '2010', '2020']],
		// DANE: Latin-1, semicolons, CRLF, every line padded by the spreadsheet to the widest one.
		['dane-proyecciones-municipios.csv', { headerLine: 5, titleLines: [1, 2, 3], noteLines: [10, 11] }, ['DP', 'DPNOM', 'DPMP', 'MPIO', '2020', '2021', '2022']],
		// IBGE SIDRA: every cell quoted, semicolons, "Tabela …" and "Variável …" above, "Fonte: IBGE" and notes below.
		['ibge-sidra-tabela-6579.csv', { headerLine: 4, titleLines: [1, 2, 3], noteLines: [9, 10, 11] }, ['Nível', 'Cód.', 'Município', '2020', '2021']],
		// INE Chile: a long file, quoted, with its unit above the header and the source below.
		['ine-chile-proyecciones-comunas.csv', { headerLine: 4, titleLines: [1, 2, 3], noteLines: [11, 12] }, ['Código comuna', 'Comuna', 'Año', 'Población']]
	])('%s', async (name, expected, header) => {
		const { records } = await recordsOf(fixture(name));
		expect(detectHeaderLine(records)).toEqual(expected);
		expect(records.find((record) => record.line === expected.headerLine)?.cells.slice(0, header.length)).toEqual(header);
	});
});

describe('detectHeaderLine', () => {
	it('keeps line 1 for a plain file, wide or long, and for SDMX-CSV', () => {
		expect(detectHeaderLine(split(['Código;Comuna;2019;2020', '13101;Santiago;12,5;11,9', '13120;Ñuñoa;..;7,25'])).headerLine).toBe(1);
		expect(detectHeaderLine(split(['territorio,periodo,valor', 'CL-13101,2020,5', 'CL-13120,2020,6'], ',')).headerLine).toBe(1);
		expect(detectHeaderLine(split(['STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,TIME_PERIOD,OBS_VALUE', 'dataflow,X:Y(1.0),I,CO,2024,10.3'], ',')).headerLine).toBe(1);
	});

	it('does not take a title cut at its commas for the header, nor a data row', () => {
		const records = split(['Cuadro 1, población, por municipio', 'Código,Municipio,Valor', '01001,Aguascalientes,948990', '01002,Asientos,51500'], ',');
		expect(detectHeaderLine(records)).toEqual({ headerLine: 2, titleLines: [1], noteLines: [] });
	});

	it('falls back on the first line as wide as the data when no line looks like a header', () => {
		expect(detectHeaderLine(split(['Sin encabezado', '1;2;3', '4;5;6'])).headerLine).toBe(2);
		expect(detectHeaderLine([]).headerLine).toBe(1);
	});

	it('tells notes only at the end, and none when the records are only the first ones of the file', () => {
		const records = split(['cod;nombre;2020', '1;A;5', 'Nota: revisada;;', '2;B;6', 'Fuente: oficina;;']);
		expect(detectHeaderLine(records)).toEqual({ headerLine: 1, titleLines: [], noteLines: [5] });
		expect(detectHeaderLine(records, { complete: false }).noteLines).toEqual([]);
		expect(splitAtHeader(records, 1).data.map((record) => record.line)).toEqual([2, 3, 4]);
	});
});

describe('isNoteLine', () => {
	it('takes sources, notes, footnotes and lines of one cell for notes, and data rows for data', () => {
		expect(isNoteLine(['Fuente: INEGI. Censo 2020.'], 5, 5)).toBe(true);
		expect(isNoteLine(['Fonte: IBGE', '', ''], 3, 3)).toBe(true);
		expect(isNoteLine(['Nota: cifras al 15 de marzo', ' fecha censal.'], 3, 0)).toBe(true);
		expect(isNoteLine(['1/ Incluye', ' estimación'], 3, 0)).toBe(true);
		expect(isNoteLine(['a', 'b'], 3, 3)).toBe(true);
		// "Fonte Boa" is a municipality; a row of a file whose rows leave out the last field is still data.
		expect(isNoteLine(['Fonte Boa', '1301605', '12'], 3, 3)).toBe(false);
		expect(isNoteLine(['CL-13101', '2020', '5'], 4, 0)).toBe(false);
		expect(isNoteLine(['CL-13101', '2020', '5'], 4, 3)).toBe(false);
		expect(isNoteLine(['only'], 1, 0)).toBe(false);
	});

	it('describes a left-out line without its padding, shortened', () => {
		expect(describeLine(['Fuente: DANE', '', ''], ';')).toBe('Fuente: DANE');
		expect(describeLine(['a', 'b', ''], '\t')).toBe('a b');
		expect(describeLine(['x'.repeat(400)], ';')).toHaveLength(160);
	});
});
