import { CsvError, parse } from 'csv-parse/sync';
import { parsePeriod } from './periods';

// The pure front end of the statistics importer: it turns the bytes a statistics office publishes (INE, IBGE,
// DANE, INEGI, SINIM…) into a table of strings and tells how to read its numbers, codes and periods. Every
// refusal is a CsvDialectError whose code the importer maps to a translated message.

/** Why a file cannot be read as a statistical CSV. */
export type CsvDialectErrorCode = 'binary' | 'mixed_encoding' | 'empty' | 'malformed' | 'too_long';

/** A file refused by the CSV front end; `line` (1-based) says where, when it is known. */
export class CsvDialectError extends Error {
	readonly code: CsvDialectErrorCode;
	readonly line: number | undefined;

	constructor(code: CsvDialectErrorCode, message: string, options: { line?: number; cause?: unknown } = {}) {
		super(message, { cause: options.cause });
		this.name = 'CsvDialectError';
		this.code = code;
		this.line = options.line;
	}
}

/** A field separator the importer understands. */
export type Delimiter = ',' | ';' | '\t';

/** How numbers are written: the decimal mark and the thousands separator ('' when values are not grouped). */
export interface NumberFormat {
	decimal: ',' | '.';
	thousands: '.' | ',' | ' ' | '';
}

/** A parsed cell: a finite number, or why there is none (`empty` covers the offices' missing-value marks). */
export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: 'empty' | 'not_a_number' };

/** A CSV file as strings: trimmed header cells, raw data cells, and whether rows were cut at `maxRows`. */
export interface CsvTable {
	header: string[];
	rows: string[][];
	truncated: boolean;
}

/** A header cell that names a period, with the period in canonical form (`YYYY`, `YYYY-Qn`, `YYYY-MM`). */
export interface PeriodColumn {
	index: number;
	period: string;
}

/** Wide: one value column per period; long: periods (if any) are values of a column. */
export type TableLayout = { kind: 'wide'; periodColumns: PeriodColumn[] } | { kind: 'long' };

/**
 * Cells that statistics offices write for "no value" (compared case-insensitively after trimming; an empty cell is
 * always missing): `..` / `...` not available or not applicable (INE, IBGE, CEPAL), `-` and dashes (IBGE uses `-`
 * for a rounded-to-nothing zero, most others for "no data"), `x` suppressed for confidentiality, and the
 * Spanish/Portuguese/English abbreviations of "no data".
 */
export const MISSING_VALUE_MARKS: readonly string[] = [
	'..',
	'...',
	'-',
	'--',
	'\u2212',
	'\u2013',
	'\u2014',
	'x',
	'n.d.',
	'nd',
	'n/d',
	's/d',
	's.d.',
	's/i',
	's.i.',
	'sd',
	'na',
	'n/a',
	'n.a.',
	'nan',
	'null'
];

const missingMarks = new Set(MISSING_VALUE_MARKS.map((mark) => mark.toLowerCase()));

/** Default limit on one record (csv-parse counts bytes): far above any real row, small enough to fail fast. */
export const DEFAULT_MAX_RECORD_SIZE = 1024 * 1024;

// --------------------------------------------------------------------------------------------------- delimiter

// Tie-break order: a tab or a semicolon inside a cell is rarer than a comma (decimal commas, "Valor (miles, $)").
const DELIMITERS: readonly Delimiter[] = ['\t', ';', ','];
const SAMPLE_RECORDS = 20;
const SAMPLE_MAX_CHARS = 1024 * 1024;

// Delimiter count of each non-blank record, with the quoting rules of that delimiter: a quote opens a quoted
// field only at the start of a field, so the inch mark in `Tubo 12"` does not swallow the rest of the file.
function delimiterCounts(sample: string, delimiter: Delimiter, sampleWasCut: boolean): number[] {
	const counts: number[] = [];
	let count = 0;
	let inQuotes = false;
	let atFieldStart = true;
	let hasContent = false;
	for (let i = 0; i < sample.length; i++) {
		const ch = sample[i];
		if (inQuotes) {
			if (ch === '"') {
				if (sample[i + 1] === '"') i++;
				else inQuotes = false;
			}
			continue;
		}
		if (ch === '\n' || ch === '\r') {
			if (hasContent) {
				counts.push(count);
				if (counts.length >= SAMPLE_RECORDS) return counts;
			}
			count = 0;
			atFieldStart = true;
			hasContent = false;
		} else if (ch === delimiter) {
			count++;
			atFieldStart = true;
			hasContent = true;
		} else if (ch === '"' && atFieldStart) {
			inQuotes = true;
			atFieldStart = false;
			hasContent = true;
		} else if (ch !== ' ') {
			atFieldStart = false;
			if (ch !== '\t' && ch !== '\u00a0') hasContent = true;
		}
	}
	// The last record is incomplete when we cut the sample or it ends inside quotes; its count would mislead.
	if (hasContent && !inQuotes && !sampleWasCut) counts.push(count);
	return counts;
}

/**
 * Guesses the field separator from the first ~20 non-blank records (separators inside quotes do not count). The
 * winner is the candidate whose most common non-zero count per record is shared by the most records (so a title
 * line above the header or a decimal comma in some cells does not mislead), then the one with more separators per
 * record, then tab, semicolon, comma. Comma when no candidate occurs at all.
 */
export function detectDelimiter(sample: string): Delimiter {
	const sampleWasCut = sample.length > SAMPLE_MAX_CHARS;
	const text = sampleWasCut ? sample.slice(0, SAMPLE_MAX_CHARS) : sample;
	let best: { delimiter: Delimiter; consistency: number; perRecord: number } | null = null;
	for (const delimiter of DELIMITERS) {
		const counts = delimiterCounts(text, delimiter, sampleWasCut);
		const frequency = new Map<number, number>();
		for (const count of counts) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
		let perRecord = 0;
		let records = 0;
		for (const [count, seen] of frequency) {
			if (seen > records || (seen === records && count > perRecord)) [perRecord, records] = [count, seen];
		}
		if (records === 0) continue;
		const consistency = records / counts.length;
		if (!best || consistency > best.consistency || (consistency === best.consistency && perRecord > best.perRecord)) {
			best = { delimiter, consistency, perRecord };
		}
	}
	return best?.delimiter ?? ',';
}

// ------------------------------------------------------------------------------------------------------ numbers

const SPACES = ' \u00a0\u202f';
const SPACE_GROUPED = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;

function isMissing(trimmed: string): boolean {
	return trimmed === '' || missingMarks.has(trimmed.toLowerCase());
}

// Drops one sign, leading (- + −) or trailing (- −, as some accounting exports write negatives).
function splitSign(value: string): { negative: boolean; body: string } {
	const first = value[0];
	if (first === '-' || first === '+' || first === '\u2212') return { negative: first !== '+', body: value.slice(1).trimStart() };
	const last = value.at(-1);
	if (last === '-' || last === '\u2212') return { negative: true, body: value.slice(0, -1).trimEnd() };
	return { negative: false, body: value };
}

type Separator = ',' | '.';
const other = (separator: Separator): Separator => (separator === ',' ? '.' : ',');

// What one cell says about the format: a decimal mark for certain, a thousands separator for certain, or only that
// it has one separator followed by exactly three digits ("1.234": a thousand or one point two three four).
interface NumberEvidence {
	decimal?: Separator;
	thousands?: Separator | ' ';
	ambiguous?: Separator;
}

function numberEvidence(body: string): NumberEvidence {
	if (/^\d*$/.test(body)) return {};
	if (SPACE_GROUPED.test(body)) {
		const mark = /[.,]/.exec(body)?.[0] as Separator | undefined;
		return { thousands: ' ', decimal: mark };
	}
	const dots = body.split('.').length - 1;
	const commas = body.split(',').length - 1;
	if (dots > 0 && commas > 0) {
		const decimal: Separator = body.lastIndexOf(',') > body.lastIndexOf('.') ? ',' : '.';
		const grouped = new RegExp(`^\\d{1,3}(?:\\${other(decimal)}\\d{3})+\\${decimal}\\d+$`);
		return grouped.test(body) ? { decimal, thousands: other(decimal) } : {};
	}
	const separator: Separator = dots > 0 ? '.' : ',';
	if (dots + commas > 1) {
		const grouped = new RegExp(`^\\d{1,3}(?:\\${separator}\\d{3})+$`);
		return grouped.test(body) ? { thousands: separator, decimal: other(separator) } : {};
	}
	const [integer = '', fraction = ''] = body.split(separator);
	if (!/^\d*$/.test(integer) || !/^\d+$/.test(fraction)) return {};
	// Grouping needs 1–3 leading digits without a leading zero and exactly three after: anything else is a decimal.
	if (fraction.length !== 3 || integer.length === 0 || integer.length > 3 || integer.startsWith('0')) return { decimal: separator };
	return { ambiguous: separator };
}

/**
 * Infers the number format from a sample of value cells. Rules, per cell: both marks ("1.234,5") → the last one is
 * the decimal mark; the same mark twice ("1.234.567") → it groups thousands; one mark not followed by exactly
 * three digits, or after a zero or more than three digits ("12,5", "0,125", "1234.567") → decimal mark; digits
 * grouped by spaces (also U+00A0, U+202F) → space thousands. The decimal mark with more certain cells wins. A
 * cell like "1.234" is ambiguous: it is thousands when the other cells show the other mark as decimal, and
 * otherwise `fallbackDecimal` decides ('.' unless the caller knows better, e.g. ',' for a semicolon file).
 */
export function detectNumberFormat(values: readonly string[], fallbackDecimal: Separator = '.'): NumberFormat {
	const decimalVotes = { ',': 0, '.': 0 };
	const thousandsVotes = { ',': 0, '.': 0, ' ': 0 };
	const ambiguous = { ',': 0, '.': 0 };
	for (const raw of values) {
		const trimmed = raw.trim();
		if (isMissing(trimmed)) continue;
		const evidence = numberEvidence(splitSign(trimmed).body);
		if (evidence.decimal) decimalVotes[evidence.decimal]++;
		if (evidence.thousands) thousandsVotes[evidence.thousands]++;
		if (evidence.ambiguous) ambiguous[evidence.ambiguous]++;
	}
	let decimal: Separator = fallbackDecimal;
	if (decimalVotes[','] !== decimalVotes['.']) decimal = decimalVotes[','] > decimalVotes['.'] ? ',' : '.';
	const groupingMark = other(decimal);
	const grouped = thousandsVotes[groupingMark] + ambiguous[groupingMark];
	const thousands = grouped > 0 && grouped >= thousandsVotes[' '] ? groupingMark : thousandsVotes[' '] > 0 ? ' ' : '';
	return { decimal, thousands };
}

/**
 * Reads one cell as a number in the given format: an optional sign (leading - + −, or a trailing - −), digits
 * grouped in threes by the thousands separator (any of space, U+00A0, U+202F when it is ' '), at most one decimal
 * mark. Missing-value marks give `empty`; anything else (letters, exponents, two decimal marks, a bad grouping such
 * as "1.2.3", a value beyond the range of a double) gives `not_a_number`. Never NaN or Infinity.
 */
export function parseNumber(raw: string, format: NumberFormat): ParsedNumber {
	const trimmed = raw.trim();
	if (isMissing(trimmed)) return { ok: false, reason: 'empty' };
	const { negative, body } = splitSign(trimmed);
	const parts = body.split(format.decimal);
	if (parts.length > 2) return { ok: false, reason: 'not_a_number' };
	const [integer = '', fraction] = parts;
	let digits = integer;
	if (!/^\d*$/.test(integer)) {
		const separator = format.thousands === '' ? null : format.thousands === ' ' ? `[${SPACES}]` : `\\${format.thousands}`;
		if (separator === null || !new RegExp(`^\\d{1,3}(?:${separator}\\d{3})+$`).test(integer)) return { ok: false, reason: 'not_a_number' };
		digits = integer.replace(/\D/g, '');
	}
	if (fraction !== undefined && !/^\d+$/.test(fraction)) return { ok: false, reason: 'not_a_number' };
	if (digits === '' && fraction === undefined) return { ok: false, reason: 'not_a_number' };
	const magnitude = Number(`${digits || '0'}.${fraction ?? '0'}`);
	if (!Number.isFinite(magnitude)) return { ok: false, reason: 'not_a_number' };
	// No -0: a "-0,0" cell is a zero, and -0 would show up as "-0" in exports.
	return { ok: true, value: negative && magnitude !== 0 ? -magnitude : magnitude };
}

// ------------------------------------------------------------------------------------------------ territory codes

/**
 * Cleans a territory code cell: trims, unwraps quotes, Excel's `="05001"` and leading apostrophe, drops the ".0" a
 * spreadsheet adds to a number, and keeps a numeric code as a digit string (leading zeros included, inner spaces
 * removed). A code with letters is returned trimmed but otherwise unchanged.
 */
export function normalizeTerritoryCode(raw: string): string {
	let code = raw.trim();
	const formula = /^="(.*)"$/.exec(code);
	if (formula) code = formula[1].trim();
	while (code.length >= 2 && (code[0] === '"' || code[0] === "'") && code.at(-1) === code[0]) code = code.slice(1, -1).trim();
	if (code.startsWith("'")) code = code.slice(1).trim();
	if (/^\d+\.0+$/.test(code)) code = code.slice(0, code.indexOf('.'));
	const compact = code.replace(/[\s\u00a0\u202f]+/g, '');
	return /^\d+$/.test(compact) ? compact : code;
}

/**
 * The forms a numeric code may take in another source: as given, without leading zeros, and zero-padded to `width`
 * ("5001" and "05001" in Colombia's DIVIPOLA), without duplicates, the given form first. A code with letters is
 * returned alone.
 */
export function codeVariants(code: string, width: number): string[] {
	if (!/^\d+$/.test(code)) return [code];
	const stripped = code.replace(/^0+(?=\d)/, '');
	return [...new Set([code, stripped.padStart(width, '0'), stripped])];
}

// ------------------------------------------------------------------------------------------------------- table

function lineNumber(error: CsvError): number | undefined {
	return typeof error.lines === 'number' ? error.lines : undefined;
}

// Cheap guard before csv-parse copies the whole text into a Buffer: one physical line longer than the limit is a
// record longer than the limit (a file with the wrong line endings, or no line at all).
function refuseLongLines(text: string, limit: number): void {
	if (text.length <= limit) return;
	let start = 0;
	let line = 1;
	while (start <= text.length) {
		const newline = text.indexOf('\n', start);
		const end = newline < 0 ? text.length : newline;
		if (end - start > limit) {
			throw new CsvDialectError('too_long', `Line ${line} is longer than ${limit} characters: the file is not a table with line breaks.`, { line });
		}
		if (newline < 0) return;
		start = newline + 1;
		line++;
	}
}

// Trailing blank or whitespace-only lines (and the line break before them) are not an empty last record.
function dropTrailingBlankLines(text: string): string {
	let end = text.length;
	while (end > 0) {
		const newline = text.lastIndexOf('\n', end - 1);
		if (text.slice(newline + 1, end).trim() !== '') break;
		end = Math.max(newline, 0);
		if (text[end - 1] === '\r') end--;
	}
	return text.slice(0, end);
}

/**
 * Parses CSV text into a header and rows of strings with csv-parse: every row must have as many fields as the
 * header, blank lines are skipped, at most `maxRows` data rows are returned (`truncated` says more followed) and a
 * record may not exceed `maxFieldLength` bytes (default 1 MiB). Throws CsvDialectError `malformed` (unterminated
 * quote, wrong field count), `too_long` or `empty`, with the line when known.
 */
export function readCsvTable(text: string, options: { delimiter: Delimiter; maxRows?: number; maxFieldLength?: number }): CsvTable {
	const limit = options.maxFieldLength ?? DEFAULT_MAX_RECORD_SIZE;
	const maxRows = options.maxRows === undefined ? undefined : Math.max(0, Math.floor(options.maxRows));
	const body = dropTrailingBlankLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
	if (body.trim() === '') throw new CsvDialectError('empty', 'The file is empty.');
	refuseLongLines(body, limit);

	let lastRecordLine = 0;
	let records: string[][];
	try {
		records = parse(body, {
			delimiter: options.delimiter,
			relax_column_count: false,
			// Names such as `Club "El Carmen"` appear unquoted in real files; a quote only matters at a field's start.
			relax_quotes: true,
			skip_empty_lines: true,
			max_record_size: limit,
			// Header, maxRows rows, and one more to know whether the file goes on.
			to: maxRows === undefined ? undefined : maxRows + 2,
			on_record: (record, context) => {
				lastRecordLine = context.lines;
				return record;
			}
		});
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		if (error.code === 'CSV_MAX_RECORD_SIZE') {
			const line = lineNumber(error);
			throw new CsvDialectError('too_long', `A record near line ${line ?? '?'} is longer than ${limit} bytes.`, { line, cause: error });
		}
		// csv-parse reports an unclosed quote at the end of the file; the record it opened starts after the last good one.
		const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastRecordLine + 1 : lineNumber(error);
		throw new CsvDialectError('malformed', `The CSV is malformed at line ${line ?? '?'}: ${error.message}`, { line, cause: error });
	}

	const [header = [], ...rows] = records;
	const truncated = maxRows !== undefined && rows.length > maxRows;
	return { header: header.map((cell) => cell.trim()), rows: truncated ? rows.slice(0, maxRows) : rows, truncated };
}

// ------------------------------------------------------------------------------------------------------ periods

/**
 * The canonical period (`YYYY`, `YYYY-Qn`, `YYYY-MM`) of a header cell such as "2020", "2020-Q3", "2020Q3",
 * "2020-T3" (trimestre), "T3 2020", "2020-07", "2020M07", "07/2020"; years 1900–2100. Null for anything else,
 * including semesters and one-digit months after a dash or slash ("2020/1" is a semester in some offices).
 */
export function normalizePeriod(raw: string): string | null {
	const value = raw.trim().toUpperCase();
	let year: string;
	let quarter: string | undefined;
	let month: string | undefined;
	let match: RegExpExecArray | null;
	if ((match = /^(\d{4})(?:-A1)?$/.exec(value))) year = match[1];
	else if ((match = /^(\d{4})[-_/ ]?[QT]([1-4])$/.exec(value))) [, year, quarter] = match;
	else if ((match = /^[QT]([1-4])[-_/ ]?(\d{4})$/.exec(value))) [, quarter, year] = match;
	else if ((match = /^(\d{4})(?:[-/](\d{2})|[-_ ]?M(\d{1,2}))$/.exec(value))) {
		year = match[1];
		month = match[2] ?? match[3];
	} else if ((match = /^(\d{2})[-/](\d{4})$/.exec(value))) [, month, year] = match;
	else return null;
	let canonical = year;
	if (quarter !== undefined) canonical = `${year}-Q${quarter}`;
	if (month !== undefined) canonical = `${year}-${month.padStart(2, '0')}`;
	// parsePeriod owns the ranges (years 1900–2100, months 01–12) of every period the statistics module stores.
	return parsePeriod(canonical) ? canonical : null;
}

/**
 * Tells a wide table (at least two header cells are periods: one value column per period) from a long one. Periods
 * are returned in canonical form with their column index, in header order.
 */
export function detectLayout(header: readonly string[]): TableLayout {
	const periodColumns: PeriodColumn[] = [];
	header.forEach((cell, index) => {
		const period = normalizePeriod(cell);
		if (period !== null) periodColumns.push({ index, period });
	});
	return periodColumns.length >= 2 ? { kind: 'wide', periodColumns } : { kind: 'long' };
}
