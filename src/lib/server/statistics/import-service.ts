import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { cleanFileName } from '../files';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { requireRole } from '../policy';
import { getGazetteer } from '../territories';
import { CsvDialectError, detectDelimiter, detectLayout, detectNumberFormat, type Delimiter } from './csv-dialect';
import { decodeHead, detectEncoding, readGzippedText, type CsvEncoding } from './csv-encoding';
import { describeLine, detectHeaderLine, HEADER_LINE_MAX, measureWidth, splitAtHeader, type LineRecord } from './header-lines';
import { headerName, readObservations, readRecords, type IndicatorRule, type ReadItem, type ReadObservation, type ReaderContext, type SkippedLineKind, type TextSource } from './import-reader';
import * as importQueries from './import-queries';
import { importMappingFields, ZDatasetMeta, ZImportMapping, type TImportMapping } from './schema';
import { TerritoryResolver } from './territory-resolver';

/** Largest file accepted: 64 MB (about 1.5 million observations in a long CSV). */
export const MAX_STATISTICS_FILE_BYTES = 64 * 1024 * 1024;
/** Problems kept and shown for one file; the count goes on. */
export const MAX_PROBLEMS_KEPT = 1000;
const PREVIEW_ROWS = 20;
/** Title and note lines kept and shown for one file; the count goes on. */
export const MAX_SKIPPED_KEPT = 100;
// Records read from the head of a file to guess its header and mapping.
const HEAD_RECORDS = 201;
// Rows per staging insert: its JSON (~70 bytes a row) stays under V8's 128 KB large-object size, so each batch's
// text dies young instead of going straight to the old generation (200 such strings were 70 MB of garbage).
export const BATCH = 1500;
/** Observations between two writes of an import's progress: about 70 small writes for a million rows. */
export const PROGRESS_STEP = 10 * BATCH;
const YIELD_EVERY = 2000;

const ZId = z.uuid();
export const parseId = (id: unknown) => {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
};

// Column names offices use, folded (lower case, no accents or spaces), for the first guess of the mapping.
const aliases = {
	territoryColumn: ['refarea', 'territory', 'territorio', 'codigo', 'code', 'cod', 'codigomunicipio', 'codmun', 'codigodane', 'divipola', 'cvemun', 'cvegeo', 'clave', 'ubigeo', 'codigoibge', 'codibge', 'codigocomuna', 'cut', 'dpmp', 'codmpio', 'municipio', 'comuna', 'id'],
	periodColumn: ['timeperiod', 'period', 'periodo', 'ano', 'year', 'anio', 'fecha'],
	valueColumn: ['obsvalue', 'value', 'valor', 'dato', 'total'],
	indicatorColumn: ['indicator', 'indicador', 'measure', 'series', 'variable'],
	statusColumn: ['obsstatus', 'status', 'estado', 'situacao'],
	noteColumn: ['obscomment', 'comment', 'note', 'nota', 'observacion', 'observacao']
} as const;
const fold = (value: string) =>
	value
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');

const HEAD_BYTES = 2 * 1024 * 1024;
// Compressing 64 MB takes a second: in libuv's thread pool, not on the thread that answers every request.
const gzipInPool = promisify(gzip);

// A refusal of the CSV front end, as the upload form shows it on the file field.
function fileError(error: unknown): unknown {
	if (error instanceof CsvDialectError) return new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: `error_stats_file_${error.code}`, params: { line: error.line ?? '?' } }] });
	return error;
}

// The first records of a file with their lines; `complete` says the file has no more.
async function firstRecords(source: TextSource, delimiter: Delimiter, count: number, quoted?: boolean): Promise<{ records: LineRecord[]; complete: boolean }> {
	const records: LineRecord[] = [];
	try {
		for await (const record of readRecords(source, delimiter, { quoted })) {
			// One more than asked tells whether the file goes on.
			if (records.length >= count) return { records, complete: false };
			records.push(record);
		}
	} catch (error) {
		throw fileError(error);
	}
	return { records, complete: true };
}

/** The lines the editor may pick the header from, as the mapping step lists them. */
const headerChoices = (records: LineRecord[], delimiter: Delimiter) =>
	records.filter((record) => record.line <= HEADER_LINE_MAX).map((record) => ({ line: record.line, text: describeLine(record.cells, delimiter).slice(0, 100) }));

/**
 * The header on `headerLine` of a file's first records, and the first guess of a mapping from it and the data rows
 * below it (notes left out). Null when no record starts there or no data row follows it.
 */
function mappingAtHeader(head: { records: LineRecord[]; complete: boolean }, headerLine: number, delimiter: Delimiter) {
	const { header, data } = splitAtHeader(head.records, headerLine, { complete: head.complete });
	if (!header || header.line !== headerLine) return { error: 'stats_import_header_not_found' as const };
	if (!data.length) return { error: 'error_stats_file_no_rows' as const };
	// A spreadsheet pads the header with empty cells to the widest line: those name no column.
	const cells = header.cells.slice(0, measureWidth(header.cells));
	return { mapping: guessMapping(cells, data.map((row) => row.cells), delimiter), header: cells.map(headerName) };
}

/** The first guess of a mapping from the header and a sample of rows. */
export function guessMapping(header: string[], sample: string[][], delimiter: Delimiter): Partial<TImportMapping> & { layout: TImportMapping['layout'] } {
	const names = header.map(headerName);
	const folded = names.map(fold);
	const pick = (candidates: readonly string[]) => {
		for (const candidate of candidates) {
			const index = folded.indexOf(candidate);
			if (index >= 0) return names[index];
		}
		return undefined;
	};
	if (names[0] === 'STRUCTURE' || names[0] === 'DATAFLOW') {
		return { layout: 'sdmx', territoryColumn: 'REF_AREA', periodColumn: 'TIME_PERIOD', valueColumn: 'OBS_VALUE', indicatorColumn: names.includes('INDICATOR') ? 'INDICATOR' : undefined, statusColumn: names.includes('OBS_STATUS') ? 'OBS_STATUS' : undefined, noteColumn: names.includes('OBS_COMMENT') ? 'OBS_COMMENT' : undefined, level: 'auto', decimal: '.', thousands: 'none' };
	}
	const layout = detectLayout(names);
	const valueIndexes = layout.kind === 'wide' ? layout.periodColumns.map((column) => column.index) : [folded.indexOf(fold(pick(aliases.valueColumn) ?? ''))];
	const values = sample.flatMap((row) => valueIndexes.filter((index) => index >= 0).map((index) => row[index] ?? ''));
	const format = detectNumberFormat(values, delimiter === ';' ? ',' : '.');
	return {
		layout: layout.kind,
		territoryColumn: pick(aliases.territoryColumn) ?? names[0],
		periodColumn: layout.kind === 'long' ? pick(aliases.periodColumn) : undefined,
		valueColumn: layout.kind === 'long' ? pick(aliases.valueColumn) : undefined,
		indicatorColumn: pick(aliases.indicatorColumn),
		statusColumn: pick(aliases.statusColumn),
		noteColumn: pick(aliases.noteColumn),
		level: 'municipality',
		decimal: format.decimal,
		thousands: format.thousands === ' ' ? 'space' : format.thousands === '' ? 'none' : format.thousands
	};
}

/**
 * A statistics editor uploads a file with its title, publisher and licence: it is checked to be text (UTF-8 with or
 * without BOM, or Latin-1), its separator found and a first mapping guessed; nothing is read into observations yet.
 */
export async function uploadDataset(ctx: ServiceContext, input: Record<string, unknown>): Promise<{ id: string }> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const meta = parseInput(ZDatasetMeta, input);
	const file = input.file;
	if (!(file instanceof File) || file.size === 0) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_stats_file_empty' }] });
	if (file.size > MAX_STATISTICS_FILE_BYTES) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_stats_file_too_big', params: { max: 64 } }] });
	const bytes = new Uint8Array(await file.arrayBuffer());
	let text: string;
	let encoding: CsvEncoding;
	try {
		const detected = detectEncoding(bytes);
		encoding = detected.encoding;
		// The whole file is checked, but only its first lines are decoded: enough to guess the dialect and mapping.
		text = decodeHead(bytes, detected, HEAD_BYTES);
	} catch (error) {
		throw fileError(error);
	}
	const delimiter = detectDelimiter(text.slice(0, 64 * 1024));
	// A quote anywhere (the same byte in both encodings) sends the file through the full CSV parser.
	const quoted = bytes.includes(0x22);
	const head = await firstRecords(text, delimiter, HEAD_RECORDS, quoted);
	// Offices' downloads open with title lines: the header is guessed, and the editor may pick another line.
	const { headerLine } = detectHeaderLine(head.records, { complete: head.complete });
	const guess = mappingAtHeader(head, headerLine, delimiter);
	if (!guess.mapping) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_stats_file_no_rows' }] });
	const mapping = { ...guess.mapping, headerLine, delimiter, encoding, quoted, header: guess.header, headerGuess: headerLine, headerChoices: headerChoices(head.records, delimiter) };
	const db = ctx.tx ?? getDb();
	const id = await importQueries.insertDataset(db, {
		title: meta.title,
		publisher: meta.publisher,
		licence: meta.licence,
		retrievedOn: meta.retrievedOn ?? null,
		sourceUrl: meta.sourceUrl ?? null,
		// Issue 13 finding 14: the name as sent could hold a path (`../`) or control characters; only its clean base is kept.
		fileName: cleanFileName(file.name),
		fileSha256: createHash('sha256').update(bytes).digest('hex'),
		// Statistics files compress 5–10 times; the original bytes come back for download and re-reading.
		file: await gzipInPool(bytes),
		mapping,
		createdBy: actor.id
	});
	await recordAudit(db, { actorId: actor.id, action: 'statistics.dataset_uploaded', subjectType: 'dataset', subjectId: id, details: { fileName: file.name, bytes: file.size }, requestId: ctx.requestId });
	return { id };
}

export async function readerContext(db: Executor): Promise<ReaderContext> {
	const gazetteer = await getGazetteer(db);
	const countries = gazetteer.countrySummaries().map((country) => country.code);
	const resolver = new TerritoryResolver({
		countries,
		admin1: countries.flatMap((countryCode) => gazetteer.admin1Summaries(countryCode).map((unit) => ({ countryCode, code: unit.code }))),
		municipalities: gazetteer.allRecords()
	});
	const indicators = new Map<string, IndicatorRule>(
		(await importQueries.selectIndicatorRules(db)).map((row) => [row.code, { periodicity: row.periodicity as IndicatorRule['periodicity'], levels: row.levels, importable: !row.formula && !row.builtIn }])
	);
	const year = new Date().getUTCFullYear();
	return { resolver, indicators, years: { from: 1950, to: year + 10 } };
}

// The stored file as text in pieces. Files uploaded before the encoding was kept are checked again first.
export async function fileText(db: Executor, id: string, stored: StoredMapping): Promise<{ source: TextSource; quoted: boolean }> {
	const file = await importQueries.selectDatasetFile(db, id);
	if (!file) throw new AppError('NOT_FOUND');
	if (stored.encoding && stored.quoted !== undefined) return { source: readGzippedText(file, stored.encoding), quoted: stored.quoted };
	const bytes = gunzipSync(file);
	const { encoding } = detectEncoding(bytes);
	return { source: readGzippedText(file, encoding), quoted: bytes.includes(0x22) };
}

/** A line left out of the read, as the review lists it. */
export interface SkippedLine {
	line: number;
	kind: SkippedLineKind;
	text: string;
}

// What the dataset row keeps beside the mapping: what is known of the file (separator, encoding, quotes, the header
// and the lines it may be picked from, the guess), and what the last preview found (first rows, left-out lines).
type FileFacts = { delimiter?: Delimiter; encoding?: CsvEncoding; quoted?: boolean; header?: string[]; headerGuess?: number; headerChoices?: { line: number; text: string }[] };
export type StoredMapping = Partial<TImportMapping> & FileFacts & { preview?: ReadObservation[]; skipped?: SkippedLine[]; skippedCount?: number };

const factsOf = ({ delimiter, encoding, quoted, header, headerGuess, headerChoices }: StoredMapping): FileFacts => ({ delimiter, encoding, quoted, header, headerGuess, headerChoices });

/** Reads the whole file with a mapping, handing each observation to `onObservation`; returns the problems found. */
export async function readAll(
	file: { source: TextSource; quoted: boolean },
	mapping: TImportMapping,
	delimiter: Delimiter,
	context: ReaderContext,
	onObservation: (observation: ReadObservation, line: number) => Promise<void> | void,
	checkDuplicates = true
) {
	const problems: Extract<ReadItem, { kind: 'problem' }>[] = [];
	const skipped: SkippedLine[] = [];
	let problemCount = 0;
	let skippedCount = 0;
	let observations = 0;
	let items = 0;
	try {
		for await (const item of readObservations(file.source, delimiter, mapping, context, { quoted: file.quoted, checkDuplicates })) {
			// A file of a million rows takes seconds of CPU: other requests are served between every few thousand.
			if (++items % YIELD_EVERY === 0) await nextTurn();
			if (item.kind === 'problem') {
				problemCount++;
				if (problems.length < MAX_PROBLEMS_KEPT) problems.push(item);
			} else if (item.kind === 'skipped') {
				// Titles and notes are not rows: listed for the review, never counted as problems.
				skippedCount++;
				if (skipped.length < MAX_SKIPPED_KEPT) skipped.push({ line: item.line, kind: item.reason, text: item.text });
			} else {
				observations++;
				await onObservation(item.observation, item.line);
			}
		}
	} catch (error) {
		if (!(error instanceof CsvDialectError)) throw error;
		problemCount++;
		problems.push({ kind: 'problem', line: error.line ?? 0, column: '', code: `file_${error.code}` as never });
	}
	return { problems: problems.map(({ line, column, code, value }) => ({ row: line, column, code, value })), problemCount, observations, skipped, skippedCount };
}

// The editor's choices that do not depend on the columns, taken from the form when they are valid, else kept.
const keptChoices = (input: unknown, stored: StoredMapping) => {
	const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const pick = <T>(schema: z.ZodType<T>, value: unknown, fallback: T | undefined) => {
		const parsed = schema.safeParse(value);
		return parsed.success && value !== '' && value !== undefined ? parsed.data : fallback;
	};
	const kept = {
		indicator: pick(importMappingFields.indicator, given.indicator, stored.indicator),
		level: pick(importMappingFields.level, given.level, stored.level),
		country: pick(importMappingFields.country, given.country, stored.country),
		status: pick(importMappingFields.status, given.status, stored.status)
	};
	// Nothing chosen or stored leaves the new guess in place.
	return Object.fromEntries(Object.entries(kept).filter(([, value]) => value !== undefined)) as Partial<typeof kept>;
};

// Reads the columns from another line of the stored file: the header, the column guess and the number format come
// from that line and the rows below it; the editor's other choices stay; the last preview no longer holds.
async function switchHeaderLine(db: Executor, datasetId: string, stored: StoredMapping, headerLine: number, input: unknown): Promise<void> {
	const file = await fileText(db, datasetId, stored).catch((error: unknown) => Promise.reject(fileError(error)));
	const delimiter = stored.delimiter ?? ',';
	const head = await firstRecords(file.source, delimiter, HEAD_RECORDS, file.quoted);
	const guess = mappingAtHeader(head, headerLine, delimiter);
	if (!guess.mapping) throw new AppError('VALIDATION', { fields: [{ field: 'headerLine', messageKey: guess.error, params: { line: headerLine } }] });
	const facts = { ...factsOf(stored), header: guess.header, headerChoices: stored.headerChoices ?? headerChoices(head.records, delimiter) };
	await importQueries.updateDataset(db, datasetId, {
		mapping: { ...guess.mapping, ...keptChoices(input, stored), headerLine, ...facts },
		status: 'uploaded',
		rowCount: 0,
		problems: [],
		problemCount: 0
	});
}

// Only a dataset not yet imported can be mapped again.
async function mappableDataset(db: Executor, datasetId: string) {
	const row = await importQueries.selectDataset(db, datasetId);
	if (!row) throw new AppError('NOT_FOUND');
	if (row.status === 'running' || row.status === 'done' || row.status === 'deleted') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_started' }] });
	return row;
}

/**
 * The editor picks the line that names the columns (the guess is preselected): the columns offered, their first
 * guess and the number format are read again from that line; the lines above it are titles, left out.
 */
export async function chooseHeaderLine(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ headerLine: number }> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const datasetId = parseId(id);
	const { headerLine } = parseInput(z.object({ headerLine: importMappingFields.headerLine }), input);
	const db = ctx.tx ?? getDb();
	const row = await mappableDataset(db, datasetId);
	await switchHeaderLine(db, datasetId, row.mapping as StoredMapping, headerLine, input);
	await recordAudit(db, { actorId: actor.id, action: 'statistics.dataset_header_chosen', subjectType: 'dataset', subjectId: datasetId, details: { headerLine }, requestId: ctx.requestId });
	return { headerLine };
}

/**
 * Checks the whole file with the mapping the editor chose, writing nothing: the first observations as understood
 * and every problem (unknown territory, non-numeric value, duplicate key, period out of range) with its line, and
 * the title and note lines left out. A header line other than the stored one reads the columns again first and
 * answers `headerChanged` without a preview: the columns sent were the old header's.
 */
export async function previewImport(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ observations: number; problemCount: number; headerChanged?: true }> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const datasetId = parseId(id);
	const db = ctx.tx ?? getDb();
	const row = await mappableDataset(db, datasetId);
	const stored = row.mapping as StoredMapping;
	// A mapping sent without a header line (an older form, a script) keeps the stored one, the guess at first.
	const given = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
	const mapping = parseInput(ZImportMapping, given.headerLine === undefined || given.headerLine === '' ? { ...given, headerLine: stored.headerLine ?? 1 } : given);
	// Another header line was picked with the columns of the old one: the columns are read again and offered first.
	if (mapping.headerLine !== (stored.headerLine ?? 1)) {
		await switchHeaderLine(db, datasetId, stored, mapping.headerLine, input);
		return { observations: 0, problemCount: 0, headerChanged: true };
	}
	const file = await fileText(db, datasetId, stored).catch((error: unknown) => Promise.reject(fileError(error)));
	const first: ReadObservation[] = [];
	const result = await readAll(file, mapping, stored.delimiter ?? ',', await readerContext(db), (observation) => {
		if (first.length < PREVIEW_ROWS) first.push(observation);
	});
	await importQueries.updateDataset(db, datasetId, {
		mapping: { ...mapping, ...factsOf(stored), preview: first, skipped: result.skipped, skippedCount: result.skippedCount },
		status: result.problemCount ? 'uploaded' : 'checked',
		rowCount: result.observations,
		problems: result.problems,
		problemCount: result.problemCount
	});
	await recordAudit(db, { actorId: actor.id, action: 'statistics.dataset_previewed', subjectType: 'dataset', subjectId: datasetId, details: { observations: result.observations, problems: result.problemCount }, requestId: ctx.requestId });
	return { observations: result.observations, problemCount: result.problemCount };
}
