// Statistics offices' own downloads (INEGI's tabulados, DANE's projections, IBGE's SIDRA tables, INE's
// projections) open with title lines (table, variable, unit) above the column header and close with notes and
// sources. These pure rules find the header line among a file's first records and tell the title and note lines
// around the data, so the importer offers the real columns and leaves the text out instead of reading it as rows.
import { MISSING_VALUE_MARKS, normalizePeriod } from './csv-dialect';

/** One record of a file with its line (1-based, as the file's own line numbers). */
export interface LineRecord {
	line: number;
	cells: string[];
}

/** Where a file's header is, and which lines around the data are text to leave out. */
export interface HeaderLines {
	/** The line of the header (1-based). */
	headerLine: number;
	/** Non-blank lines above the header (titles, variable, unit). */
	titleLines: number[];
	/** Non-blank lines after the last data row that are not data (sources, notes, footnotes). */
	noteLines: number[];
}

/** Highest line a header may be on: offices put at most a dozen title lines above it, so this is plenty. */
export const HEADER_LINE_MAX = 30;

/** Longest text of a left-out line kept for the review. */
export const LINE_TEXT_MAX = 160;

// A cell is a value when it is a number (codes such as 05001 are numbers too) or an office's symbolic mark for "no
// value" (.., -); a plain year is not a value here, because wide files head their columns with years.
const NUMBER = /^[-+\u2212]?[\d\s\u00a0\u202f.,]*\d[\d\s\u00a0\u202f.,]*%?$/;
const SYMBOLIC_MARKS = new Set(MISSING_VALUE_MARKS.filter((mark) => !/[a-z]/i.test(mark)));

// How a note or a source starts: a word and a colon (or a dash/period), or a footnote mark ("1/ ", "(1) ", "* ").
// The colon matters: "Fonte Boa" is a municipality of Amazonas, "Fonte: IBGE" is a source.
const NOTE_START =
	/^(?:(?:fuentes?|fontes?|sources?|notas?|notes?|observaci[oó]n(?:es)?|observa[cç](?:[aã]o|[oõ]es)|elaboraci[oó]n|elabora[cç][aã]o|signos convencionales|sinais convencionais|nota t[eé]cnica)\s*[:.\-\u2013\u2014]|\d{1,2}\/\s|\(\d{1,2}\)\s|\*+\s?\S)/i;

type CellKind = 'empty' | 'value' | 'label';

function kindOf(cell: string): CellKind {
	const text = cell.trim();
	if (!text) return 'empty';
	if (normalizePeriod(text)) return 'label';
	if (NUMBER.test(text) || SYMBOLIC_MARKS.has(text)) return 'value';
	return 'label';
}

/** Cells up to the last non-empty one: spreadsheets pad every line with empty cells to the widest line. */
export function measureWidth(cells: readonly string[]): number {
	let width = cells.length;
	while (width > 0 && cells[width - 1].trim() === '') width--;
	return width;
}

/**
 * Whether a line after the header is text rather than a data row, in a table whose header is `width` cells wide
 * and whose last data row had `rowCells` cells (0 before the first): at most one non-empty cell (a note, padded or
 * not), fewer cells than the row before (a CSV writer writes every field of its rows alike), or a first cell that
 * starts like a note ("Fuente:", "Nota:", "Fonte:", "Source:", "1/ ", "(1) "). Checked on every row of a big file,
 * so it looks at as few cells as it can.
 */
export function isNoteLine(cells: readonly string[], width: number, rowCells: number): boolean {
	if (width < 2) return false;
	if (cells.length < rowCells) return true;
	let first = -1;
	for (let index = 0; index < cells.length; index++) {
		if (cells[index].trim() === '') continue;
		if (first >= 0) return NOTE_START.test(cells[first].trim());
		first = index;
	}
	return true;
}

/** Whether a line has no text at all (only empty cells): skipped silently, as blank lines are. */
export const isBlankLine = (cells: readonly string[]) => measureWidth(cells) === 0;

/** A left-out line as the review shows it: its cells up to the last non-empty one, joined again, shortened. */
export function describeLine(cells: readonly string[], delimiter: string): string {
	const text = cells
		.slice(0, measureWidth(cells))
		.join(delimiter === '\t' ? ' ' : delimiter)
		.trim();
	return text.length > LINE_TEXT_MAX ? `${text.slice(0, LINE_TEXT_MAX - 1)}…` : text;
}

// The most common width among lines of two cells or more: the data's shape (titles and notes are one cell, or
// padded to mostly empty cells). A tie goes to the wider, as a header is never narrower than its data.
function modalWidth(records: readonly LineRecord[]): number {
	const counts = new Map<number, number>();
	for (const record of records) {
		const width = measureWidth(record.cells);
		if (width >= 2) counts.set(width, (counts.get(width) ?? 0) + 1);
	}
	let best = 0;
	let seen = 0;
	for (const [width, count] of counts) if (count > seen || (count === seen && width > best)) [best, seen] = [width, count];
	return best;
}

// A header: at least as wide as the data (rows of a wide file may end in blank years, never the header), no value
// in it, and more than half of its cells labels.
function looksLikeHeader(cells: readonly string[], dataWidth: number): boolean {
	const width = measureWidth(cells);
	if (width < Math.max(dataWidth, 1)) return false;
	let labels = 0;
	for (let index = 0; index < width; index++) {
		const kind = kindOf(cells[index]);
		if (kind === 'value') return false;
		if (kind === 'label') labels++;
	}
	return labels * 2 > width;
}

// A data row has at least one value (a code, a figure or a mark): a title cut at its commas has none.
const looksLikeData = (cells: readonly string[]) => cells.some((cell) => kindOf(cell) === 'value');

/**
 * The title and note lines of a file read with the header on `headerLine`: every non-blank line above it, and the
 * run of note-like lines (see isNoteLine) at the end. `complete: false` says the records are only the file's
 * first ones, so their end is not the file's and no note is told.
 */
export function splitAtHeader(records: readonly LineRecord[], headerLine: number, options: { complete?: boolean } = {}): Omit<HeaderLines, 'headerLine'> & { header: LineRecord | null; data: LineRecord[] } {
	const at = records.findIndex((record) => record.line >= headerLine);
	if (at < 0) return { header: null, data: [], titleLines: records.filter((record) => !isBlankLine(record.cells)).map((record) => record.line), noteLines: [] };
	const header = records[at];
	const titleLines = records.slice(0, at).filter((record) => !isBlankLine(record.cells)).map((record) => record.line);
	const width = measureWidth(header.cells);
	// The same walk as the reader's: a run of note-like lines is left out only when no data row follows it.
	let end = records.length;
	let rowCells = 0;
	for (let index = at + 1; index < records.length; index++) {
		const { cells } = records[index];
		if (isNoteLine(cells, width, rowCells)) {
			if (end === records.length) end = index;
			continue;
		}
		end = records.length;
		rowCells = cells.length;
	}
	if (!(options.complete ?? true)) end = records.length;
	const noteLines = records.slice(end).filter((record) => !isBlankLine(record.cells)).map((record) => record.line);
	return { header, data: records.slice(at + 1, end), titleLines, noteLines };
}

/**
 * Guesses the header line from a file's first records (as the reader splits them, so line numbers agree): the
 * first line, within HEADER_LINE_MAX, at least as wide as the data's most common width, holding labels and no value,
 * and followed by a line holding a value. Failing that, the first line as wide as the data; failing that, the first.
 * The lines above it are titles; the note-like lines at the end are notes (only when `complete`).
 */
export function detectHeaderLine(records: readonly LineRecord[], options: { complete?: boolean } = {}): HeaderLines {
	const dataWidth = modalWidth(records);
	const candidate = (record: LineRecord) => record.line <= HEADER_LINE_MAX;
	let header = records.find((record, index) => candidate(record) && looksLikeHeader(record.cells, dataWidth) && looksLikeData(records[index + 1]?.cells ?? []));
	header ??= records.find((record) => candidate(record) && measureWidth(record.cells) >= dataWidth) ?? records[0];
	const headerLine = header?.line ?? 1;
	const { titleLines, noteLines } = splitAtHeader(records, headerLine, options);
	return { headerLine, titleLines, noteLines };
}
