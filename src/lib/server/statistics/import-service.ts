import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { defineJob, enqueueJob, findJobByKey, handleJob, type JobHandler } from '../jobs';
import { logger } from '../logger';
import { pageWindow, paginationFields } from '../pagination';
import { hasRole, requireRole } from '../policy';
import { getGazetteer } from '../territories';
import { CsvDialectError, detectDelimiter, detectLayout, detectNumberFormat, type Delimiter } from './csv-dialect';
import { decodeHead, detectEncoding, readGzippedText, type CsvEncoding } from './csv-encoding';
import { headerName, readObservations, readRecords, type IndicatorRule, type ReadItem, type ReadObservation, type ReaderContext, type TextSource } from './import-reader';
import * as importQueries from './import-queries';
import { ZDatasetMeta, ZImportMapping, type TImportMapping } from './schema';
import { StagingBatch } from './staging-batch';
import { TerritoryResolver } from './territory-resolver';

/** Largest file accepted: 64 MB (about 1.5 million observations in a long CSV). */
export const MAX_STATISTICS_FILE_BYTES = 64 * 1024 * 1024;
/** Problems kept and shown for one file; the count goes on. */
export const MAX_PROBLEMS_KEPT = 1000;
const PREVIEW_ROWS = 20;
// Rows per staging insert: its JSON (~70 bytes a row) stays under V8's 128 KB large-object size, so each batch's
// text dies young instead of going straight to the old generation (200 such strings were 70 MB of garbage).
const BATCH = 1500;
const YIELD_EVERY = 2000;

const ZId = z.uuid();
const parseId = (id: unknown) => {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
};

// Column names offices use, folded (lower case, no accents or spaces), for the first guess of the mapping.
const aliases = {
	territoryColumn: ['refarea', 'territory', 'territorio', 'codigo', 'code', 'cod', 'codigomunicipio', 'codmun', 'codigodane', 'divipola', 'cvemun', 'ubigeo', 'codigoibge', 'codibge', 'codigocomuna', 'cut', 'municipio', 'comuna', 'id'],
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

async function firstRecords(text: string, delimiter: Delimiter, count: number): Promise<string[][]> {
	const records: string[][] = [];
	try {
		for await (const { cells } of readRecords(text, delimiter)) {
			records.push(cells);
			if (records.length >= count) break;
		}
	} catch (error) {
		throw fileError(error);
	}
	return records;
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
	const records = await firstRecords(text, delimiter, 201);
	if (records.length < 2) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_stats_file_no_rows' }] });
	const [header, ...sample] = records;
	// A quote anywhere (the same byte in both encodings) sends the file through the full CSV parser.
	const mapping = { ...guessMapping(header, sample, delimiter), delimiter, encoding, quoted: bytes.includes(0x22), header: header.map(headerName) };
	const db = ctx.tx ?? getDb();
	const id = await importQueries.insertDataset(db, {
		title: meta.title,
		publisher: meta.publisher,
		licence: meta.licence,
		retrievedOn: meta.retrievedOn ?? null,
		sourceUrl: meta.sourceUrl ?? null,
		fileName: file.name.slice(0, 200),
		fileSha256: createHash('sha256').update(bytes).digest('hex'),
		// Statistics files compress 5–10 times; the original bytes come back for download and re-reading.
		file: await gzipInPool(bytes),
		mapping,
		createdBy: actor.id
	});
	await recordAudit(db, { actorId: actor.id, action: 'statistics.dataset_uploaded', subjectType: 'dataset', subjectId: id, details: { fileName: file.name, bytes: file.size }, requestId: ctx.requestId });
	return { id };
}

async function readerContext(db: Executor): Promise<ReaderContext> {
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
async function fileText(db: Executor, id: string, stored: StoredMapping): Promise<{ source: TextSource; quoted: boolean }> {
	const file = await importQueries.selectDatasetFile(db, id);
	if (!file) throw new AppError('NOT_FOUND');
	if (stored.encoding && stored.quoted !== undefined) return { source: readGzippedText(file, stored.encoding), quoted: stored.quoted };
	const bytes = gunzipSync(file);
	const { encoding } = detectEncoding(bytes);
	return { source: readGzippedText(file, encoding), quoted: bytes.includes(0x22) };
}

type StoredMapping = Partial<TImportMapping> & { delimiter?: Delimiter; encoding?: CsvEncoding; quoted?: boolean; header?: string[] };

/** Reads the whole file with a mapping, handing each observation to `onObservation`; returns the problems found. */
async function readAll(
	file: { source: TextSource; quoted: boolean },
	mapping: TImportMapping,
	delimiter: Delimiter,
	context: ReaderContext,
	onObservation: (observation: ReadObservation, line: number) => Promise<void> | void,
	checkDuplicates = true
) {
	const problems: Extract<ReadItem, { kind: 'problem' }>[] = [];
	let problemCount = 0;
	let observations = 0;
	let items = 0;
	try {
		for await (const item of readObservations(file.source, delimiter, mapping, context, { quoted: file.quoted, checkDuplicates })) {
			// A file of a million rows takes seconds of CPU: other requests are served between every few thousand.
			if (++items % YIELD_EVERY === 0) await nextTurn();
			if (item.kind === 'problem') {
				problemCount++;
				if (problems.length < MAX_PROBLEMS_KEPT) problems.push(item);
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
	return { problems: problems.map(({ line, column, code, value }) => ({ row: line, column, code, value })), problemCount, observations };
}

/**
 * Checks the whole file with the mapping the editor chose, writing nothing: the first observations as understood
 * and every problem (unknown territory, non-numeric value, duplicate key, period out of range) with its line.
 */
export async function previewImport(ctx: ServiceContext, id: unknown, input: unknown) {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const datasetId = parseId(id);
	const mapping = parseInput(ZImportMapping, input);
	const db = ctx.tx ?? getDb();
	const row = await importQueries.selectDataset(db, datasetId);
	if (!row) throw new AppError('NOT_FOUND');
	if (row.status === 'running' || row.status === 'done' || row.status === 'deleted') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_started' }] });
	const stored = row.mapping as StoredMapping;
	const file = await fileText(db, datasetId, stored).catch((error: unknown) => Promise.reject(fileError(error)));
	const first: ReadObservation[] = [];
	const result = await readAll(file, mapping, stored.delimiter ?? ',', await readerContext(db), (observation) => {
		if (first.length < PREVIEW_ROWS) first.push(observation);
	});
	await importQueries.updateDataset(db, datasetId, {
		mapping: { ...mapping, delimiter: stored.delimiter, encoding: stored.encoding, quoted: stored.quoted, header: stored.header, preview: first },
		status: result.problemCount ? 'uploaded' : 'checked',
		rowCount: result.observations,
		problems: result.problems,
		problemCount: result.problemCount
	});
	await recordAudit(db, { actorId: actor.id, action: 'statistics.dataset_previewed', subjectType: 'dataset', subjectId: datasetId, details: { observations: result.observations, problems: result.problemCount }, requestId: ctx.requestId });
	return { observations: result.observations, problemCount: result.problemCount };
}

// Progress of imports running in this process; another process shows "running" without the count.
const progress = new Map<string, number>();

/**
 * The commit of one dataset, as a durable job. A server killed during it loses nothing: the commit is one
 * transaction, so nothing of it stays; its heartbeat stops, and after 30 s the job runs again (on another server,
 * or this one after its restart). When the second attempt fails too, the dataset is marked failed with the reason.
 */
export const statisticsImportJob = defineJob(
	'statistics.import',
	z.object({ datasetId: z.uuid(), actorId: z.string().min(1), requestId: z.string().nullable() }),
	{ policy: 'exclusive', retryLimit: 1, retryDelaySeconds: 5, heartbeatSeconds: 30, expireInSeconds: 60 * 60, deadLetter: true }
);

/**
 * Commits a checked file without problems in the background: the dataset is marked running and its job enqueued in
 * one transaction; every observation is then added, revised or left alone in one transaction, so a failure leaves
 * nothing; the dataset page shows the progress and then the report.
 */
export async function commitImport(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const datasetId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const row = await importQueries.selectDataset(tx, datasetId);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.status !== 'checked' || row.problemCount > 0) throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_not_checked' }] });
		await importQueries.updateDataset(tx, datasetId, { status: 'running', problems: [], problemCount: 0 });
		await enqueueJob(tx, statisticsImportJob, { datasetId, actorId: actor.id, requestId: ctx.requestId ?? null }, { singletonKey: datasetId });
	});
}

/** The handlers of the statistics module's jobs, registered by the server at start. */
export const statisticsJobHandlers: JobHandler[] = [
	handleJob(
		statisticsImportJob,
		async ({ datasetId, actorId, requestId }) => {
			progress.set(datasetId, 0);
			try {
				await runImport({ actor: null, locale: 'es', requestId: requestId ?? undefined }, datasetId, actorId);
			} finally {
				progress.delete(datasetId);
			}
		},
		{
			onDeadLetter: async ({ datasetId }, error) => {
				logger.error({ datasetId, error }, 'statistics import abandoned after its last attempt');
				await importQueries.updateDataset(getDb(), datasetId, {
					status: 'failed',
					problems: [{ row: 0, column: '', code: 'error_stats_import_interrupted' }],
					problemCount: 1,
					finishedAt: new Date()
				});
			}
		}
	)
];

/** The import itself (awaited by tests and benchmarks; the page starts it through commitImport). */
export async function runImport(ctx: ServiceContext, datasetId: string, actorId: string): Promise<void> {
	try {
		const report = await inTransaction(ctx.tx, async (tx) => {
			const row = await importQueries.selectDataset(tx, datasetId);
			if (!row) throw new AppError('NOT_FOUND');
			// A retried attempt whose first one committed just before its server died: the report stands.
			if (row.status === 'done' || row.status === 'deleted') return { added: row.added, revised: row.revised, unchanged: row.unchanged };
			const mapping = parseInput(ZImportMapping, row.mapping);
			const stored = row.mapping as StoredMapping;
			const file = await fileText(tx, datasetId, stored);
			await importQueries.createStaging(tx);
			const batch = new StagingBatch();
			let done = 0;
			// No duplicate check (false, last): the preview found none in this very file, and the staging table's primary
			// key would refuse one, failing the whole import; the commit does without the 16 MB table of keys.
			const result = await readAll(file, mapping, stored.delimiter ?? ',', await readerContext(tx), async (observation) => {
				batch.add(observation);
				if (batch.size >= BATCH) {
					done += batch.size;
					await importQueries.insertStaging(tx, batch.take());
					progress.set(datasetId, done);
				}
			}, false);
			if (result.problemCount) throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_not_checked' }] });
			if (batch.size) await importQueries.insertStaging(tx, batch.take());
			progress.set(datasetId, result.observations);
			const counts = await importQueries.mergeStaging(tx, datasetId, actorId);
			await importQueries.updateDataset(tx, datasetId, { status: 'done', ...counts, rowCount: result.observations, finishedAt: new Date() });
			await recordAudit(tx, { actorId, action: 'statistics.dataset_imported', subjectType: 'dataset', subjectId: datasetId, details: counts, requestId: ctx.requestId });
			return counts;
		});
		logger.info({ datasetId, ...report }, 'statistics import done');
		if (!ctx.tx && report.added + report.revised > 10_000) {
			await importQueries.vacuumObservations(getDb()).catch((error: unknown) => logger.warn({ err: error }, 'vacuum after import failed'));
		}
	} catch (error) {
		logger.error({ err: error, datasetId }, 'statistics import failed');
		const problem = { row: 0, column: '', code: error instanceof AppError ? (error.fields[0]?.messageKey ?? error.code) : 'import_failed' };
		await importQueries.updateDataset(ctx.tx ?? getDb(), datasetId, { status: 'failed', problems: [problem], problemCount: 1, finishedAt: new Date() });
	}
}

/** What a dataset says of its origin: title, publisher, licence, dates and the file it came from. */
export function describeDataset(row: { id: string; title: string; publisher: string; licence: string; retrievedOn: string | null; sourceUrl: string | null; fileName: string; fileSha256: string }) {
	const { id, title, publisher, licence, retrievedOn, sourceUrl, fileName, fileSha256 } = row;
	return { id, title, publisher, licence, retrievedOn, sourceUrl, fileName, fileSha256 };
}

const statusOf = (row: { status: string }) => row.status as 'uploaded' | 'checked' | 'running' | 'done' | 'failed' | 'deleted';

async function jobOf(ctx: ServiceContext, datasetId: string) {
	const job = await findJobByKey(ctx.tx ?? getDb(), statisticsImportJob.name, datasetId);
	return job ? { view: job.view, attempt: job.attempt, attempts: job.retryLimit + 1 } : null;
}

/** A dataset with its mapping, the file's columns, the preview, problems, progress and report. */
export async function getDataset(ctx: ServiceContext, id: unknown) {
	const datasetId = parseId(id);
	const row = await importQueries.selectDataset(ctx.tx ?? getDb(), datasetId);
	if (!row) throw new AppError('NOT_FOUND');
	const editor = hasRole(ctx.actor, 'statistics_editor');
	const mapping = row.mapping as StoredMapping & { preview?: ReadObservation[] };
	return {
		...describeDataset(row),
		status: statusOf(row),
		header: mapping.header ?? [],
		mapping: { ...mapping, header: undefined, preview: undefined, delimiter: undefined, encoding: undefined, quoted: undefined },
		delimiter: mapping.delimiter ?? ',',
		preview: mapping.preview ?? [],
		rowCount: row.rowCount,
		processed: row.status === 'running' ? (progress.get(row.id) ?? null) : row.status === 'done' ? row.rowCount : 0,
		// Where the commit stands in the queue: waiting, running (which attempt), or given up after its last attempt.
		job: row.status === 'running' || row.status === 'failed' ? await jobOf(ctx, row.id) : null,
		report: row.status === 'done' || row.status === 'deleted' ? { added: row.added, revised: row.revised, unchanged: row.unchanged } : null,
		problems: editor ? row.problems : [],
		problemCount: row.problemCount,
		createdAt: row.createdAt.toISOString(),
		finishedAt: row.finishedAt?.toISOString() ?? null,
		deletedAt: row.deletedAt?.toISOString() ?? null
	};
}

/** Datasets, newest first. */
export async function listDatasets(ctx: ServiceContext, input: unknown) {
	const query = parseInput(z.object(paginationFields(20)), input);
	const { rows, total } = await importQueries.selectDatasetPage(ctx.tx ?? getDb(), pageWindow(query));
	return {
		items: rows.map((row) => ({ id: row.id, title: row.title, publisher: row.publisher, status: statusOf(row), rowCount: row.rowCount, createdAt: row.createdAt.toISOString() })),
		total,
		page: query.page,
		pageSize: query.pageSize
	};
}

/**
 * The secretariat deletes an imported dataset: the values it replaced come back, those it added go; values revised
 * since by another import stay. The dataset stays listed as deleted, for the record.
 */
export async function deleteDataset(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ restored: number; removed: number }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const datasetId = parseId(id);
	// Deleting changes published figures: the form asks to confirm it in words, not only with a button.
	parseInput(z.object({ confirm: z.literal('yes', { message: 'error_confirm_required' }) }), input);
	return inTransaction(ctx.tx, async (tx) => {
		const row = await importQueries.selectDataset(tx, datasetId);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.status === 'running') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_running' }] });
		if (row.status === 'deleted') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_dataset_deleted' }] });
		const result = await importQueries.removeDatasetValues(tx, datasetId);
		await importQueries.updateDataset(tx, datasetId, { status: 'deleted', deletedAt: new Date(), deletedBy: actor.id });
		await recordAudit(tx, { actorId: actor.id, action: 'statistics.dataset_deleted', subjectType: 'dataset', subjectId: datasetId, details: result, requestId: ctx.requestId });
		return result;
	});
}

/** The dataset page: the dataset, and for the mapping step the indicators a file can fill and the countries. */
export async function getDatasetPage(ctx: ServiceContext, id: unknown) {
	const dataset = await getDataset(ctx, id);
	const db = ctx.tx ?? getDb();
	const rules = await importQueries.selectIndicatorRules(db);
	const gazetteer = await getGazetteer(db);
	return {
		dataset,
		canEdit: hasRole(ctx.actor, 'statistics_editor') && (dataset.status === 'uploaded' || dataset.status === 'checked' || dataset.status === 'failed'),
		canDelete: hasRole(ctx.actor, 'secretariat') && dataset.status === 'done',
		importable: rules.filter((rule) => !rule.formula && !rule.builtIn).map((rule) => ({ code: rule.code, levels: rule.levels })),
		countries: gazetteer.countrySummaries().map((country) => country.code)
	};
}
