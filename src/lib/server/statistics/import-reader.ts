// Reads an uploaded statistics file, one observation at a time, as the mapping step says: the same reader serves
// the preview (first rows and every problem) and the commit (every observation), so both see the file alike.
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { CsvDialectError, DEFAULT_MAX_RECORD_SIZE, normalizePeriod, parseNumber, type Delimiter, type NumberFormat } from './csv-dialect';
import { describeLine, isBlankLine, isNoteLine, measureWidth } from './header-lines';
import { parsePeriod, type Periodicity } from './periods';
import type { TImportMapping } from './schema';
import type { Level, TerritoryResolver } from './territory-resolver';

/** What the reader knows of an indicator. */
export interface IndicatorRule {
	periodicity: Periodicity;
	levels: string[];
	/** Derived and built-in indicators are computed, never imported. */
	importable: boolean;
}

/** Everything a read checks against. */
export interface ReaderContext {
	resolver: TerritoryResolver;
	indicators: ReadonlyMap<string, IndicatorRule>;
	/** Years accepted for a period. */
	years: { from: number; to: number };
}

/** An observation as the file gives it, resolved to our identifiers. */
export interface ReadObservation {
	indicatorCode: string;
	level: Level;
	territoryId: string;
	period: string;
	value: number | null;
	status: string;
	note: string | null;
}

/** Why a cell could not be read. */
export type ReadProblemCode =
	| 'missing_column'
	| 'unknown_territory'
	| 'unknown_indicator'
	| 'indicator_not_importable'
	| 'level_not_allowed'
	| 'period_invalid'
	| 'period_wrong_periodicity'
	| 'period_out_of_range'
	| 'not_a_number'
	| 'bad_status'
	| 'duplicate_key';

/** Why a line was left out: a title above the header, or a note or source after the data. */
export type SkippedLineKind = 'title' | 'note';

/** One observation read, one problem, or one line left out, with the file's own line number. */
export type ReadItem =
	| { kind: 'observation'; line: number; observation: ReadObservation }
	| { kind: 'problem'; line: number; column: string; code: ReadProblemCode; value?: string }
	| { kind: 'skipped'; line: number; reason: SkippedLineKind; text: string };

const STATUSES = new Set(['A', 'E', 'P', 'M', 'F']);
const CHUNK = 64 * 1024;
// Note-like rows held back until a data row follows them (then they are read as rows) or the file ends (then they
// are its notes). A longer run is read as rows: notes are a few lines, and the reader keeps its memory flat.
const HELD_MAX = 200;

// The keys already read, as 53-bit hashes in an open-addressing table outside the JavaScript heap: a million keys
// take 16 MiB and no garbage, where a Set of numbers took 32 MiB of heap objects.
class KeySet {
	private table = new Float64Array(1 << 10);
	private size = 0;

	/** Adds a hash; false when it was already there. */
	add(hash: number): boolean {
		// Zero marks an empty slot: store hash + 1 (at most 2^53, still exact).
		const stored = hash + 1;
		const mask = this.table.length - 1;
		let slot = hash % this.table.length;
		for (let probe = this.table[slot]; probe !== 0; probe = this.table[slot]) {
			if (probe === stored) return false;
			slot = (slot + 1) & mask;
		}
		this.table[slot] = stored;
		if (++this.size * 2 > this.table.length) this.grow();
		return true;
	}

	private grow() {
		const old = this.table;
		this.table = new Float64Array(old.length * 2);
		const mask = this.table.length - 1;
		for (const stored of old) {
			if (stored === 0) continue;
			let slot = (stored - 1) % this.table.length;
			while (this.table[slot] !== 0) slot = (slot + 1) & mask;
			this.table[slot] = stored;
		}
	}
}

// Two 32-bit FNV-1a hashes make a 53-bit number, so a key is a number, not a string kept for the whole file. A
// false duplicate is about one in 10^10 per file.
function keyHash(key: string): number {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
	}
	return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

const thousandsOf = (value: TImportMapping['thousands']): NumberFormat['thousands'] => (value === 'space' ? ' ' : value === 'none' ? '' : value);

/** The header of a file: its cells as shown to the mapping step (an SDMX `ID: Label` cell keeps its ID). */
export const headerName = (cell: string) => cell.replace(/^\uFEFF/, '').split(': ')[0].trim();

/** A file's text: whole, or in pieces as `readGzippedText` decodes a stored file. */
export type TextSource = string | AsyncIterable<string>;

const tooLong = (line: number) => new CsvDialectError('too_long', `Line ${line} is too long.`, { line });

// Splits text that quotes nothing into lines and cells, carrying a line cut between two pieces over to the next.
async function* splitRecords(source: TextSource, delimiter: Delimiter): AsyncGenerator<{ line: number; cells: string[] }> {
	let rest = '';
	let line = 0;
	let first = true;
	for await (const piece of typeof source === 'string' ? [source] : source) {
		let text = rest + piece;
		if (first && text) {
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
			first = false;
		}
		let start = 0;
		for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
			line++;
			if (end - start > DEFAULT_MAX_RECORD_SIZE) throw tooLong(line);
			const raw = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
			if (raw.trim() !== '') yield { line, cells: raw.split(delimiter) };
			start = end + 1;
		}
		rest = text.slice(start);
		if (rest.length > DEFAULT_MAX_RECORD_SIZE) throw tooLong(line + 1);
	}
	if (rest.trim() !== '') yield { line: line + 1, cells: (rest.endsWith('\r') ? rest.slice(0, -1) : rest).split(delimiter) };
}

/**
 * Reads every record of a CSV text as arrays of cells with their line, streaming (a big file is never held as rows).
 * `quoted: false` says the file holds no quote at all (checked on its bytes at upload): lines are then split
 * directly, ten times faster than the full CSV parser.
 */
export async function* readRecords(source: TextSource, delimiter: Delimiter, options: { quoted?: boolean } = {}): AsyncGenerator<{ line: number; cells: string[] }> {
	const quoted = options.quoted ?? (typeof source === 'string' ? source.includes('"') : true);
	if (!quoted) {
		yield* splitRecords(source, delimiter);
		return;
	}
	const parser = parse({ delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, max_record_size: DEFAULT_MAX_RECORD_SIZE, bom: true, info: true });
	const pieces =
		typeof source === 'string'
			? (function* () {
					for (let offset = 0; offset < source.length; offset += CHUNK) yield source.slice(offset, offset + CHUNK);
				})()
			: source;
	const input = Readable.from(pieces);
	input.pipe(parser);
	try {
		for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { line: item.info.lines, cells: item.record };
	} catch (error) {
		if (!(error instanceof CsvError)) throw error;
		const line = (error as CsvError & { lines?: number }).lines;
		if (error.code === 'CSV_MAX_RECORD_SIZE') throw new CsvDialectError('too_long', `A record near line ${line ?? '?'} is too long.`, { line, cause: error });
		throw new CsvDialectError('malformed', `The CSV is malformed near line ${line ?? '?'}: ${error.message}`, { line, cause: error });
	} finally {
		input.destroy();
	}
}

/**
 * Reads observations from a decoded file with a mapping. The lines above `mapping.headerLine` are titles and the
 * note-like lines at the end (sources, notes: see isNoteLine) are notes: both are yielded as skipped, never as
 * problems. Empty cells are skipped (wide files leave years blank); an empty cell with status M is a declared
 * missing value. Every problem is yielded with its line and column.
 */
export async function* readObservations(
	source: TextSource,
	delimiter: Delimiter,
	mapping: TImportMapping,
	context: ReaderContext,
	options: { quoted?: boolean; checkDuplicates?: boolean } = {}
): AsyncGenerator<ReadItem> {
	const format: NumberFormat = { decimal: mapping.layout === 'sdmx' ? '.' : mapping.decimal, thousands: mapping.layout === 'sdmx' ? '' : thousandsOf(mapping.thousands) };
	const seen = options.checkDuplicates === false ? null : new KeySet();
	let columns: { territory: number; period: number; value: number; indicator: number; status: number; note: number } | null = null;
	let periodColumns: { index: number; period: string | null; name: string }[] = [];
	const headerLine = mapping.headerLine ?? 1;
	let width = 0;
	let rowCells = 0;
	const held: { line: number; cells: string[] }[] = [];
	for await (const record of readRecords(source, delimiter, { quoted: options.quoted })) {
		if (!columns) {
			const { line, cells } = record;
			if (line < headerLine) {
				if (!isBlankLine(cells)) yield { kind: 'skipped', line, reason: 'title', text: describeLine(cells, delimiter) };
				continue;
			}
			width = measureWidth(cells);
			const header = cells.map(headerName);
			const find = (name: string | undefined) => (name ? header.indexOf(name) : -1);
			columns = {
				territory: find(mapping.territoryColumn),
				period: find(mapping.periodColumn),
				value: find(mapping.valueColumn),
				indicator: find(mapping.indicatorColumn),
				status: find(mapping.statusColumn),
				note: find(mapping.noteColumn)
			};
			const wanted: [string | undefined, number][] = [
				[mapping.territoryColumn, columns.territory],
				[mapping.layout === 'wide' ? undefined : mapping.periodColumn, columns.period],
				[mapping.layout === 'wide' ? undefined : mapping.valueColumn, columns.value],
				[mapping.indicatorColumn, columns.indicator],
				[mapping.statusColumn, columns.status],
				[mapping.noteColumn, columns.note]
			];
			const missing = wanted.filter(([name, index]) => name && index < 0);
			for (const [name] of missing) yield { kind: 'problem', line, column: name ?? '', code: 'missing_column' };
			if (missing.length) return;
			if (mapping.layout === 'wide') {
				// The editor said the file is wide: every column headed by a period is one (even a single one).
				periodColumns = header.flatMap((name, index) => {
					const period = index === columns?.territory ? null : normalizePeriod(name);
					return period ? [{ index, period, name }] : [];
				});
				if (!periodColumns.length) {
					yield { kind: 'problem', line, column: mapping.territoryColumn, code: 'missing_column' };
					return;
				}
			}
			continue;
		}
		// A row that looks like a note waits: only the run of them at the very end of the file is left out.
		if (held.length < HELD_MAX && isNoteLine(record.cells, width, rowCells)) {
			held.push(record);
			continue;
		}
		rowCells = record.cells.length;
		const rows = held.length ? [...held.splice(0), record] : [record];
		for (const { line, cells } of rows) {
			const cell = (index: number) => (index >= 0 ? (cells[index] ?? '').trim() : '');
			const rawTerritory = cell(columns.territory);
			const territory = context.resolver.resolve(rawTerritory, mapping.level, mapping.country);
			if (!territory) {
				yield { kind: 'problem', line, column: mapping.territoryColumn, code: 'unknown_territory', value: rawTerritory.slice(0, 60) };
				continue;
			}
			const indicatorCode = (mapping.indicator ?? cell(columns.indicator)).split(': ')[0].trim().toUpperCase();
			const rule = context.indicators.get(indicatorCode);
			const indicatorColumn = mapping.indicatorColumn ?? 'indicator';
			if (!rule) {
				yield { kind: 'problem', line, column: indicatorColumn, code: 'unknown_indicator', value: indicatorCode.slice(0, 60) };
				continue;
			}
			if (!rule.importable) {
				yield { kind: 'problem', line, column: indicatorColumn, code: 'indicator_not_importable', value: indicatorCode };
				continue;
			}
			if (!rule.levels.includes(territory.level)) {
				yield { kind: 'problem', line, column: mapping.territoryColumn, code: 'level_not_allowed', value: rawTerritory.slice(0, 60) };
				continue;
			}
			let status = mapping.status as string;
			if (columns.status >= 0) {
				const given = cell(columns.status).split(': ')[0].toUpperCase();
				if (given && !STATUSES.has(given)) {
					yield { kind: 'problem', line, column: mapping.statusColumn ?? '', code: 'bad_status', value: given.slice(0, 20) };
					continue;
				}
				if (given) status = given;
			}
			const note = columns.note >= 0 ? cell(columns.note).slice(0, 1000) || null : null;
			const pairs =
				mapping.layout === 'wide'
					? periodColumns.map((column) => ({ period: column.period, rawPeriod: column.name, raw: cell(column.index), column: column.name }))
					: [{ period: normalizePeriod(cell(columns.period).split(': ')[0]), rawPeriod: cell(columns.period), raw: cell(columns.value), column: mapping.valueColumn ?? '' }];
			for (const pair of pairs) {
				let pairStatus = status;
				if (!pair.raw && pairStatus !== 'M' && mapping.layout === 'wide') continue;
				if (!pair.period) {
					yield { kind: 'problem', line, column: mapping.periodColumn ?? pair.column, code: 'period_invalid', value: pair.rawPeriod.slice(0, 30) };
					continue;
				}
				const parsed = parsePeriod(pair.period);
				if (!parsed || parsed.periodicity !== rule.periodicity) {
					yield { kind: 'problem', line, column: mapping.periodColumn ?? pair.column, code: 'period_wrong_periodicity', value: pair.period };
					continue;
				}
				if (parsed.year < context.years.from || parsed.year > context.years.to) {
					yield { kind: 'problem', line, column: mapping.periodColumn ?? pair.column, code: 'period_out_of_range', value: pair.period };
					continue;
				}
				const number = parseNumber(pair.raw, format);
				let value: number | null;
				if (number.ok) value = number.value;
				else if (number.reason === 'empty' && (pairStatus === 'M' || !pair.raw)) {
					if (pairStatus !== 'M') continue;
					value = null;
				} else if (number.reason === 'empty') {
					// A statistics office's mark for "not available" (.., n.d., s/d): a declared missing value.
					value = null;
					pairStatus = 'M';
				} else {
					yield { kind: 'problem', line, column: pair.column, code: 'not_a_number', value: pair.raw.slice(0, 40) };
					continue;
				}
				if (seen && !seen.add(keyHash(`${indicatorCode}\u0000${territory.level}\u0000${territory.id}\u0000${pair.period}`))) {
					yield { kind: 'problem', line, column: mapping.territoryColumn, code: 'duplicate_key', value: `${territory.id} ${pair.period}` };
					continue;
				}
				yield { kind: 'observation', line, observation: { indicatorCode, level: territory.level, territoryId: territory.id, period: pair.period, value, status: pairStatus, note } };
			}
		}
	}
	if (!columns) {
		// The header line chosen is past the end of the file: nothing is read, and the editor is told so.
		yield { kind: 'problem', line: headerLine, column: mapping.territoryColumn, code: 'missing_column' };
		return;
	}
	for (const { line, cells } of held) if (!isBlankLine(cells)) yield { kind: 'skipped', line, reason: 'note', text: describeLine(cells, delimiter) };
}
