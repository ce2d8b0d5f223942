import type { Options } from 'csv-stringify/sync';
import { writeCsv } from '../files';
import { normalizePeriod } from './periods';

/** SDMX observation status codes we keep: normal, estimated, provisional, missing, forecast. */
export type SdmxStatus = 'A' | 'E' | 'P' | 'M' | 'F';

/** One value of an indicator for a territory and period, as exchanged in SDMX-CSV. */
export interface SdmxObservation {
	indicator: string;
	territory: string;
	period: string;
	value: number | null;
	status: SdmxStatus;
	unitMultiplier?: number;
	unit?: string;
	decimals?: number;
	note?: string;
}

/** SDMX-CSV 1.0 (SDMX 2.1, first column DATAFLOW) or 2.0 (SDMX 3.0, first column STRUCTURE). */
export type SdmxCsvVersion = '1.0' | '2.0';

/** What is wrong with a file or row; a row with any problem yields no observation. */
export type SdmxProblemCode = 'missing_column' | 'not_a_number' | 'bad_status' | 'bad_period' | 'delete_action';

/** A problem with the file: its line (the header is line 1), the column and what is wrong. */
export interface SdmxProblem {
	row: number;
	field: string;
	code: SdmxProblemCode;
}

/** How to write: the dataflow as `AGENCY:DF_ID(1.0)` and the SDMX-CSV version (2.0 unless told). */
export interface SdmxCsvOptions {
	structureId: string;
	version?: '2.0' | '1.0';
}

const STATUSES: ReadonlySet<string> = new Set<SdmxStatus>(['A', 'E', 'P', 'M', 'F']);
const isStatus = (code: string): code is SdmxStatus => STATUSES.has(code);

const NOTE_COLUMNS = ['OBS_COMMENT', 'COMMENT', 'COMMENT_OBS'];

// Columns that are never the indicator or territory dimension, even when their name would match.
const RESERVED = new Set([
	'DATAFLOW',
	'STRUCTURE',
	'STRUCTURE_ID',
	'STRUCTURE_NAME',
	'ACTION',
	'SERIES_KEY',
	'OBS_KEY',
	'TIME_PERIOD',
	'OBS_VALUE',
	'OBS_STATUS',
	'UNIT_MULT',
	'UNIT_MEASURE',
	'DECIMALS',
	// The attributes Cabildo's own exports add: an exported file reads back as it was written.
	'OBS_BASIS',
	'COVERAGE_REPORTED',
	'COVERAGE_EXPECTED',
	'OBS_MISSING',
	'SOURCE',
	'LICENCE',
	...NOTE_COLUMNS
]);

// SDMX doubles use a point and may have an exponent; a comma is a locale's decimal or a thousands
// separator, and we cannot tell which, so it is refused rather than guessed.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

// RFC 4180 ends records with CRLF; fields holding any line break are quoted so they read back whole.
const CSV_OPTIONS: Options = { record_delimiter: 'windows', quote_record_delimiter: true };

const DATA_COLUMNS = ['INDICATOR', 'REF_AREA', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'UNIT_MULT', 'UNIT_MEASURE', 'DECIMALS', 'OBS_COMMENT'];

// The component ID of a header cell: "labels=both" adds ": Label", multi-valued components add "[…]",
// and a file saved by a spreadsheet may start with a byte-order mark.
function columnId(cell: string | undefined): string {
	const text = (cell ?? '').replace(/^\uFEFF/, '');
	const colon = text.indexOf(': ');
	return (colon >= 0 ? text.slice(0, colon) : text).replace(/\[.*\]$/, '').trim();
}

// The code of a coded cell: "labels=both" writes "CL-13: Región Metropolitana". Structure IDs
// (ESTAT:NA_MAIN(1.6.0)) have a colon but never a colon followed by a space.
function codeOf(cell: string | undefined): string {
	const text = cell ?? '';
	const colon = text.indexOf(': ');
	return (colon >= 0 ? text.slice(0, colon) : text).trim();
}

/** The SDMX-CSV version of a header (by its first column) and the dataflow named in `firstRow`, or null if it is not SDMX-CSV. */
export function detectSdmxCsv(header: string[], firstRow?: string[]): { version: SdmxCsvVersion; structureId: string } | null {
	const first = columnId(header[0]);
	if (first === 'DATAFLOW') return { version: '1.0', structureId: firstRow ? codeOf(firstRow[0]) : '' };
	if (first !== 'STRUCTURE') return null;
	// The dataflow is in the data, not the header: without a row we can only say the file is SDMX-CSV.
	const idColumn = header.findIndex((cell) => columnId(cell) === 'STRUCTURE_ID');
	return { version: '2.0', structureId: firstRow && idColumn >= 0 ? codeOf(firstRow[idColumn]) : '' };
}

// The column of the indicator dimension: INDICATOR, else the first other column named like one.
function findIndicatorColumn(ids: string[], exclude: number): number {
	const exact = ids.indexOf('INDICATOR');
	if (exact >= 0) return exact;
	return ids.findIndex((id, index) => index !== exclude && !RESERVED.has(id) && /(?:^|_)(?:INDICATOR|MEASURE|SERIES)$/.test(id));
}

// The column of the territory dimension: REF_AREA, else the first one whose ID ends like it (GEO_REF_AREA, TERRITORY).
function findTerritoryColumn(ids: string[]): number {
	const exact = ids.indexOf('REF_AREA');
	if (exact >= 0) return exact;
	return ids.findIndex((id) => !RESERVED.has(id) && (id.endsWith('REF_AREA') || id.endsWith('TERRITORY')));
}

/**
 * Reads the rows of an SDMX-CSV 1.0 or 2.0 file (parsed elsewhere) into observations, reporting every problem
 * with its line. Row numbers count records, header = 1, so they match file lines unless a quoted field spans lines.
 */
export function readSdmxCsv(header: string[], rows: string[][]): { observations: SdmxObservation[]; problems: SdmxProblem[] } {
	const problems: SdmxProblem[] = [];
	const observations: SdmxObservation[] = [];
	const ids = header.map(columnId);

	if (!detectSdmxCsv(header)) problems.push({ row: 1, field: 'STRUCTURE', code: 'missing_column' });
	const territory = findTerritoryColumn(ids);
	const indicator = findIndicatorColumn(ids, territory);
	const period = ids.indexOf('TIME_PERIOD');
	const value = ids.indexOf('OBS_VALUE');
	const required: [number, string][] = [
		[indicator, 'INDICATOR'],
		[territory, 'REF_AREA'],
		[period, 'TIME_PERIOD'],
		[value, 'OBS_VALUE']
	];
	for (const [index, field] of required) if (index < 0) problems.push({ row: 1, field, code: 'missing_column' });
	if (problems.length > 0) return { observations, problems };

	const action = ids.indexOf('ACTION');
	const status = ids.indexOf('OBS_STATUS');
	const unitMultiplier = ids.indexOf('UNIT_MULT');
	const unit = ids.indexOf('UNIT_MEASURE');
	const decimals = ids.indexOf('DECIMALS');
	const note = ids.findIndex((id) => NOTE_COLUMNS.includes(id));

	rows.forEach((cells, index) => {
		const line = index + 2;
		if (cells.every((cell) => cell.trim() === '')) return;
		const cell = (column: number) => (column >= 0 ? (cells[column] ?? '') : '');
		const report = (column: number, code: SdmxProblemCode) => problems.push({ row: line, field: ids[column], code });
		const before = problems.length;

		// A delete row names what to remove, often with wildcards and "-" markers: it is not an observation.
		if (codeOf(cell(action)).toUpperCase() === 'D') {
			report(action, 'delete_action');
			return;
		}

		const indicatorId = codeOf(cell(indicator));
		const territoryId = codeOf(cell(territory));
		if (indicatorId === '') report(indicator, 'missing_column');
		if (territoryId === '') report(territory, 'missing_column');

		const periodId = normalizePeriod(codeOf(cell(period)));
		if (periodId === null) report(period, 'bad_period');

		const statusCode = codeOf(cell(status));
		if (statusCode !== '' && !isStatus(statusCode)) report(status, 'bad_status');

		// An empty value, or SDMX-ML's "NaN", is a missing observation unless the status claims otherwise.
		const rawValue = cell(value).trim();
		let number: number | null = null;
		if (rawValue === '' || rawValue === 'NaN') {
			if (statusCode !== '' && statusCode !== 'M') report(value, 'not_a_number');
		} else if (NUMBER.test(rawValue) && Number.isFinite(Number(rawValue))) {
			number = Number(rawValue);
		} else {
			report(value, 'not_a_number');
		}

		const readInteger = (column: number, min: number): number | undefined => {
			const text = codeOf(cell(column));
			if (text === '') return undefined;
			if (!INTEGER.test(text) || Number(text) < min) report(column, 'not_a_number');
			return Number(text);
		};
		const multiplier = readInteger(unitMultiplier, -Infinity);
		const decimalPlaces = readInteger(decimals, 0);

		if (problems.length > before || periodId === null) return;
		const observation: SdmxObservation = {
			indicator: indicatorId,
			territory: territoryId,
			period: periodId,
			value: number,
			status: number === null ? 'M' : isStatus(statusCode) ? statusCode : 'A'
		};
		if (multiplier !== undefined) observation.unitMultiplier = multiplier;
		const unitId = codeOf(cell(unit));
		if (unitId !== '') observation.unit = unitId;
		if (decimalPlaces !== undefined) observation.decimals = decimalPlaces;
		// Notes are free text: kept exactly, since ": " in a sentence is not a label.
		const noteText = cell(note);
		if (noteText !== '') observation.note = noteText;
		observations.push(observation);
	});
	return { observations, problems };
}

// Number#toString switches to exponent notation below 1e-6 and from 1e21; not every SDMX reader takes it.
function expandExponent(text: string): string {
	const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!match) return text;
	const [, sign, whole, fraction = '', exponent] = match;
	const digits = whole + fraction;
	const point = whole.length + Number(exponent);
	if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
	return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

// A decimal count toFixed accepts and a reader would believe.
const isDecimals = (decimals: number | undefined): decimals is number =>
	decimals !== undefined && Number.isInteger(decimals) && decimals >= 0 && decimals <= 20;

// A finite number with a point, no grouping and no exponent, rounded to `decimals` places when given.
function formatValue(value: number, decimals: number | undefined): string {
	let text: string;
	if (isDecimals(decimals)) {
		text = value.toFixed(decimals);
		// toFixed gives an exponent from 1e21, where every double is a whole number anyway.
		if (text.includes('e')) text = expandExponent(String(value)) + (decimals > 0 ? `.${'0'.repeat(decimals)}` : '');
	} else {
		text = expandExponent(String(value));
	}
	// Rounding a small negative value gives "-0.00", which reads as a sign that is not there.
	return /^-0(?:\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** The header record of an SDMX-CSV export (with its CRLF), to stream before sdmxCsvRow records. */
export function sdmxCsvHeader(options: SdmxCsvOptions): string {
	const structure = options.version === '1.0' ? ['DATAFLOW'] : ['STRUCTURE', 'STRUCTURE_ID', 'ACTION'];
	return writeCsv([[...structure, ...DATA_COLUMNS]], CSV_OPTIONS);
}

/** One observation as an SDMX-CSV record (with its CRLF); a null or non-finite value is written empty with status M. */
export function sdmxCsvRow(obs: SdmxObservation, options: SdmxCsvOptions): string {
	const value = obs.value !== null && Number.isFinite(obs.value) ? obs.value : null;
	const structure = options.version === '1.0' ? [options.structureId] : ['dataflow', options.structureId, 'I'];
	const cells = [
		obs.indicator,
		obs.territory,
		obs.period,
		value === null ? '' : formatValue(value, obs.decimals),
		value === null ? 'M' : obs.status,
		obs.unitMultiplier !== undefined && Number.isInteger(obs.unitMultiplier) ? String(obs.unitMultiplier) : '',
		obs.unit ?? '',
		isDecimals(obs.decimals) ? String(obs.decimals) : '',
		obs.note ?? ''
	];
	return writeCsv([[...structure, ...cells]], CSV_OPTIONS);
}

/** A whole SDMX-CSV file (2.0 unless told) of the observations; use sdmxCsvHeader and sdmxCsvRow to stream large ones. */
export function writeSdmxCsv(observations: Iterable<SdmxObservation>, options: SdmxCsvOptions): string {
	const records = [sdmxCsvHeader(options)];
	for (const obs of observations) records.push(sdmxCsvRow(obs, options));
	return records.join('');
}
