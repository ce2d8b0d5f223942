// Open data of the statistics: an indicator's or an imported dataset's observations streamed as CSV, SDMX-CSV 2.0
// or JSON (batches by keyset, so a million rows never sit in memory), the original file of a dataset, and the
// observations API (the DCAT catalogue of both is dcat-catalogue.ts). Every file names its source and licence.
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { contentDisposition, writeCsv } from '../files';
import { z } from 'zod';
import { getConfig } from '../config';
import type { Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import type { indicator } from '../db/schema/statistics';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { pageWindow } from '../pagination';
import { hasRole } from '../policy';
import { getGazetteer } from '../territories';
import type { GazetteerIndex } from '../territories';
import * as importQueries from './import-queries';
import { describeDataset } from './dataset-service';
import { describeTerritory } from './indicator-service';
import { normalizePeriod } from './periods';
import * as queries from './queries';
import { pageObservations, publishedValue, readObservations, type Observation, type ObservationFilter } from './observations';
import { ZIndicatorCode, ZIndicatorExportQuery, ZObservationQuery } from './schema';
import { sdmxCsvHeader, sdmxCsvRow, type SdmxStatus } from './sdmx-csv';
import type { Level } from './territory-resolver';
import { formulaOf, type ValueSource } from './values';

/** An indicator as its table holds it. */
export type IndicatorRow = typeof indicator.$inferSelect;
/** A dataset as its queries return it. */
export type DatasetRow = NonNullable<Awaited<ReturnType<typeof importQueries.selectDataset>>>;

/** The dataflow every SDMX-CSV export names. */
export const SDMX_STRUCTURE_ID = 'CABILDO:DF_LOCAL_STATISTICS(1.0)';
/** The media type of SDMX-CSV 2.0 (SDMX 3.0 REST content negotiation). */
export const SDMX_CSV_MEDIA_TYPE = 'application/vnd.sdmx.data+csv; version=2.0.0';

/** The three formats of an export, with their file extension and media type. */
export const exportFormats = {
	csv: { extension: 'csv', mediaType: 'text/csv', contentType: 'text/csv; charset=utf-8; header=present', title: 'CSV' },
	sdmx: { extension: 'sdmx.csv', mediaType: SDMX_CSV_MEDIA_TYPE, contentType: `${SDMX_CSV_MEDIA_TYPE}; charset=utf-8`, title: 'SDMX-CSV 2.0' },
	json: { extension: 'json', mediaType: 'application/json', contentType: 'application/json; charset=utf-8', title: 'JSON' }
} as const;
export type ExportFormat = keyof typeof exportFormats;

/** A file to download: its name, its content type and its bytes, streamed. */
export interface OpenDataFile {
	fileName: string;
	contentType: string;
	body: ReadableStream<Uint8Array>;
}

/** The columns of the plain CSV export. */
export const csvColumns = ['indicator', 'level', 'territory', 'territory_name', 'period', 'value', 'status', 'basis', 'coverage_reported', 'coverage_expected', 'missing', 'note', 'unit', 'source', 'licence'] as const;
/** The columns SDMX-CSV exports add after the components: the observation's basis, coverage and missing reason, then its attribution. */
export const sdmxExtraColumns = ['OBS_BASIS', 'COVERAGE_REPORTED', 'COVERAGE_EXPECTED', 'OBS_MISSING', 'SOURCE', 'LICENCE'] as const;

// Rows read per query: large enough that few keyset queries run, small enough to stay a few megabytes.
const BATCH = 10_000;
// Lines encoded per pull of the stream, so back-pressure works without one chunk per row.
const LINES_PER_CHUNK = 500;

/** The site's own address, without a trailing slash, for absolute links in files and the catalogue. */
export const siteOrigin = () => getConfig().origin.replace(/\/+$/, '');
/** The public page of an indicator and of a dataset (their downloads hang below them). */
export const indicatorPath = (code: string) => `/estadisticas/indicadores/${encodeURIComponent(code)}`;
export const datasetPath = (id: string) => `/estadisticas/conjuntos/${id}`;
/** The file name of each download under an indicator's or a dataset's page. */
export const downloadName = { csv: 'datos.csv', sdmx: 'datos.sdmx.csv', json: 'datos.json' } satisfies Record<ExportFormat, string>;

/** One observation as every export writes it: the one read path's observation (observations.ts) and its indicator. */
type ExportObservation = Observation & { indicator: string; status: SdmxStatus };

const withIndicator = (indicator: string, observation: Observation): ExportObservation => ({ indicator, ...observation, status: observation.status as SdmxStatus });

// ---------------------------------------------------------------------------------------------------------------
// Reading observations

/** A table's observations (of an indicator or a dataset) in keyset batches, in the order of their key. */
async function* storedObservations(db: Executor, filter: { indicatorCode?: string; datasetId?: string }): AsyncGenerator<ExportObservation> {
	let after: { key: string } | null = null;
	for (;;) {
		const rows = await queries.selectObservationBatch(db, filter, after, BATCH);
		for (const row of rows) {
			const published = publishedValue(row.value, row.status);
			yield { indicator: row.indicator_code, level: row.level as Level, territory: row.territory_id, period: row.period, ...published, status: published.status as SdmxStatus, note: row.note || null, basis: 'stored', coverage: null, missing: null };
		}
		if (rows.length < BATCH) return;
		after = { key: rows[rows.length - 1].key };
	}
}

/** The indicators and gazetteer that stored, derived and rolled-up values are read with. */
export async function valueSource(db: Executor): Promise<ValueSource> {
	const rows = await queries.selectIndicators(db);
	return { db, indicators: new Map(rows.map((row) => [row.code, row])), gazetteer: await getGazetteer(db) };
}

/** Territory names, looked up once per territory for the length of one export. */
function territoryNamer(gazetteer: GazetteerIndex, locale: Locale) {
	const names = new Map<string, string>();
	return (level: Level, id: string) => {
		const key = `${level}|${id}`;
		let name = names.get(key);
		if (name === undefined) names.set(key, (name = describeTerritory(gazetteer, level, id, locale).name));
		return name;
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

// Number#toString switches to an exponent below 1e-6 and from 1e21; a plain CSV reader wants digits and a point.
function plainNumber(value: number | null): string {
	if (value === null || !Number.isFinite(value)) return '';
	if (Object.is(value, -0)) return '0';
	const text = String(value);
	const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
	if (!match) return text;
	const [, sign, whole, fraction = '', exponent] = match;
	const digits = whole + fraction;
	const point = whole.length + Number(exponent);
	if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
	return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The unit as a reader of the plain CSV needs it: with its power of ten when the values are in thousands, millions… */
const unitLabel = (row: IndicatorRow | undefined) => (!row ? '' : row.unitMultiplier ? `${row.unit} (×10^${row.unitMultiplier})` : row.unit);

/** Who the figures come from and under which licence. */
interface Attribution {
	source: string;
	licence: string;
}

interface Writer {
	head: string;
	line: (observation: ExportObservation) => string;
	tail: () => string;
}

// SDMX-CSV 2.0 allows custom columns after the components: the source and licence of every row go there.
const withColumns = (record: string, cells: string[]) => record.replace(/\r\n$/, '') + ',' + writeCsv([cells], { record_delimiter: 'windows', quote_record_delimiter: true });

function writer(format: ExportFormat, options: {
	head: Record<string, unknown>;
	indicators: ReadonlyMap<string, IndicatorRow>;
	attribution: (observation: ExportObservation) => Attribution;
	territoryName: (level: Level, id: string) => string;
	/** Adds a map of the indicators met (for a dataset, whose indicators are known only at the end). */
	listIndicators?: boolean;
}): Writer {
	if (format === 'csv') {
		return {
			head: writeCsv([csvColumns as unknown as string[]]),
			line: (o) => {
				const row = options.indicators.get(o.indicator);
				const { source, licence } = options.attribution(o);
				return writeCsv([[o.indicator, o.level, o.territory, options.territoryName(o.level, o.territory), o.period, plainNumber(o.value), o.status, ...basisCells(o), o.note ?? '', unitLabel(row), source, licence]]);
			},
			tail: () => ''
		};
	}
	if (format === 'sdmx') {
		const sdmx = { structureId: SDMX_STRUCTURE_ID };
		return {
			head: withColumns(sdmxCsvHeader(sdmx), [...sdmxExtraColumns]),
			line: (o) => {
				const row = options.indicators.get(o.indicator);
				const { source, licence } = options.attribution(o);
				const record = sdmxCsvRow(
					{ indicator: o.indicator, territory: o.territory, period: o.period, value: o.value, status: o.status, unitMultiplier: row?.unitMultiplier, unit: row?.unit, decimals: row?.decimals, note: o.note ?? undefined },
					sdmx
				);
				return withColumns(record, [...basisCells(o), source, licence]);
			},
			tail: () => ''
		};
	}
	const met = new Set<string>();
	let first = true;
	const head = JSON.stringify(options.head);
	return {
		head: `${head.slice(0, -1)},"observations":[`,
		line: (o) => {
			met.add(o.indicator);
			const text = JSON.stringify({ indicator: o.indicator, level: o.level, territory: o.territory, territoryName: options.territoryName(o.level, o.territory), period: o.period, value: o.value, status: o.status, basis: o.basis, coverage: o.coverage, missing: o.missing, note: o.note });
			const line = `${first ? '' : ','}\n${text}`;
			first = false;
			return line;
		},
		tail: () => {
			if (!options.listIndicators) return '\n]}\n';
			const used = [...met].sort().map((code) => options.indicators.get(code)).filter((row): row is IndicatorRow => !!row);
			return `\n],"indicators":${JSON.stringify(Object.fromEntries(used.map((row) => [row.code, indicatorSummary(row)])))}}\n`;
		}
	};
}

/** Lines of text as a byte stream, a few hundred lines per pull; nothing is read before the reader asks. */
function textStream(write: Writer, observations: AsyncGenerator<ExportObservation>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let started = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const chunk: string[] = started ? [] : [write.head];
			started = true;
			for (let index = 0; index < LINES_PER_CHUNK; index++) {
				const next = await observations.next();
				if (next.done) {
					chunk.push(write.tail());
					controller.enqueue(encoder.encode(chunk.join('')));
					controller.close();
					return;
				}
				chunk.push(write.line(next.value));
			}
			controller.enqueue(encoder.encode(chunk.join('')));
		},
		async cancel() {
			await observations.return(undefined);
		}
	});
}

async function* mapped<T, U>(source: AsyncGenerator<T>, map: (item: T) => U): AsyncGenerator<U> {
	try {
		for await (const item of source) yield map(item);
	} finally {
		await source.return(undefined);
	}
}

/** What a file says of an observation besides its value: its basis, the coverage of a roll-up, why it is empty. */
const basisCells = (o: ExportObservation) => [o.basis, o.coverage ? String(o.coverage.reported) : '', o.coverage ? String(o.coverage.expected) : '', o.missing ?? ''];

// ---------------------------------------------------------------------------------------------------------------
// Indicators

async function loadIndicatorRow(db: Executor, code: unknown): Promise<IndicatorRow> {
	const parsed = ZIndicatorCode.safeParse(code);
	const row = parsed.success ? await queries.selectIndicator(db, parsed.data) : undefined;
	if (!row) throw new AppError('NOT_FOUND');
	return row;
}

/** A level the indicator has, and a period in canonical form (SDMX's 2020-A1 and 2020-M07 are accepted). */
function checkFilter(row: IndicatorRow, filter: { level?: Level; period?: string; country?: string; territory?: string }): ObservationFilter {
	if (filter.level && !row.levels.includes(filter.level)) throw new AppError('VALIDATION', { fields: [{ field: 'level', messageKey: 'error_level_not_available' }] });
	let period: string | undefined;
	if (filter.period) {
		period = normalizePeriod(filter.period) ?? undefined;
		if (!period) throw new AppError('VALIDATION', { fields: [{ field: 'period', messageKey: 'error_field_invalid' }] });
	}
	return { level: filter.level, period, country: filter.country, territory: filter.territory };
}

/** What a reader of a file needs to know of an indicator to read its values. */
function indicatorSummary(row: IndicatorRow) {
	return { code: row.code, names: row.names, unit: row.unit, unitMultiplier: row.unitMultiplier, decimals: row.decimals, source: row.source, licence: row.licence };
}

/** An indicator's metadata at the head of its JSON file. */
function indicatorMetadata(row: IndicatorRow) {
	return {
		...indicatorSummary(row),
		definitions: row.definitions,
		theme: row.theme,
		levels: row.levels,
		periodicity: row.periodicity,
		aggregation: row.aggregation,
		formula: formulaOf(row),
		updatedAt: row.updatedAt.toISOString(),
		url: `${siteOrigin()}${indicatorPath(row.code)}`
	};
}


/**
 * Every value of an indicator (all levels, or one level, period, country and/or territory) as CSV, SDMX-CSV 2.0 or
 * JSON, streamed from the one read path (observations.ts): stored, rolled-up and derived values alike, each with
 * its basis, in the order of the observations API. The filter is checked, and the indicator found, before the
 * first byte.
 */
export async function exportIndicator(ctx: { locale: Locale; tx?: Executor }, code: unknown, format: ExportFormat, input: unknown = {}): Promise<OpenDataFile> {
	const query = parseInput(ZIndicatorExportQuery, input);
	const db = ctx.tx ?? getDb();
	const row = await loadIndicatorRow(db, code);
	const filter = checkFilter(row, query);
	const source = await valueSource(db);
	const observations = mapped(readObservations(source, row, filter), (o) => withIndicator(row.code, o));
	const attribution = { source: row.source, licence: row.licence };
	const chosen = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
	const write = writer(format, {
		head: { indicator: indicatorMetadata(row), ...(Object.keys(chosen).length ? { filter: { level: filter.level ?? null, period: filter.period ?? null, country: filter.country ?? null, territory: filter.territory ?? null } } : {}) },
		indicators: source.indicators,
		attribution: () => attribution,
		territoryName: territoryNamer(source.gazetteer, ctx.locale)
	});
	const suffix = [filter.level, filter.period, filter.country, filter.territory]
		.filter(Boolean)
		.join('_')
		.replace(/[^A-Za-z0-9_-]+/g, '-');
	return {
		fileName: `${row.code}${suffix ? `_${suffix}` : ''}.${exportFormats[format].extension}`,
		contentType: exportFormats[format].contentType,
		body: textStream(write, observations)
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Datasets

const ZDatasetId = z.uuid();
/** A dataset is open data once its import is done, and until it is deleted. */
export const isPublished = (row: DatasetRow) => row.status === 'done' && !row.deletedAt;

/** A dataset whose import is done (and not deleted): only those are published. */
async function loadPublishedDataset(db: Executor, id: unknown): Promise<DatasetRow> {
	const parsed = ZDatasetId.safeParse(id);
	const row = parsed.success ? await importQueries.selectDataset(db, parsed.data) : undefined;
	if (!row || !isPublished(row)) throw new AppError('NOT_FOUND');
	return row;
}

const slug = (text: string) =>
	text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '') || 'dataset';

/** A dataset's metadata at the head of its JSON file. */
function datasetMetadata(row: DatasetRow) {
	return {
		...describeDataset(row),
		importedAt: (row.finishedAt ?? row.createdAt).toISOString(),
		url: `${siteOrigin()}${datasetPath(row.id)}`,
		originalFile: `${siteOrigin()}${datasetPath(row.id)}/archivo`
	};
}

/**
 * The observations an imported dataset holds now (values revised since by another import belong to that one) as
 * CSV, SDMX-CSV 2.0 or JSON, streamed; its publisher and licence are the source and licence of every row.
 */
export async function exportDataset(ctx: { locale: Locale; tx?: Executor }, id: unknown, format: ExportFormat): Promise<OpenDataFile> {
	const db = ctx.tx ?? getDb();
	const row = await loadPublishedDataset(db, id);
	const source = await valueSource(db);
	const attribution = { source: row.publisher, licence: row.licence };
	const write = writer(format, {
		head: { dataset: datasetMetadata(row) },
		indicators: source.indicators,
		attribution: () => attribution,
		territoryName: territoryNamer(source.gazetteer, ctx.locale),
		listIndicators: true
	});
	return {
		fileName: `${slug(row.title)}-${row.id.slice(0, 8)}.${exportFormats[format].extension}`,
		contentType: exportFormats[format].contentType,
		body: textStream(write, storedObservations(db, { datasetId: row.id }))
	};
}

/**
 * The file as it was uploaded (stored gzipped), under its own name: for everyone once imported, before that (or
 * after its deletion) only for statistics editors and the secretariat.
 */
export async function getDatasetOriginal(ctx: ServiceContext, id: unknown): Promise<OpenDataFile> {
	const db = ctx.tx ?? getDb();
	const parsed = ZDatasetId.safeParse(id);
	const row = parsed.success ? await importQueries.selectDataset(db, parsed.data) : undefined;
	const allowed = !!row && (isPublished(row) || hasRole(ctx.actor, 'statistics_editor') || hasRole(ctx.actor, 'secretariat'));
	const file = row && allowed ? await importQueries.selectDatasetFile(db, row.id) : undefined;
	if (!row || !file) throw new AppError('NOT_FOUND');
	// The encoding is the uploader's (UTF-8 or Latin-1), so no charset is claimed.
	const body = Readable.toWeb(Readable.from([file]).pipe(createGunzip())) as ReadableStream<Uint8Array>;
	return { fileName: row.fileName, contentType: /\.(csv|txt|tsv)$/i.test(row.fileName) ? 'text/csv' : 'application/octet-stream', body };
}

/** The headers of a download: type, file name (ASCII and UTF-8), and no shared caching of a stream. */
export function downloadHeaders(file: Pick<OpenDataFile, 'fileName' | 'contentType'>): Record<string, string> {
	return {
		'content-type': file.contentType,
		// Built from the cleaned name, so a name stored before names were cleaned cannot put a path in the header.
		'content-disposition': contentDisposition(file.fileName),
		'x-content-type-options': 'nosniff',
		// Streamed (or as large as 64 MB), so never held whole in the response cache.
		'cache-control': 'no-cache'
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Observations API

/**
 * A page of an indicator's observations (stored, rolled-up and derived, each with its basis), filtered by level,
 * period, country and territory: the same read path, filters and order as the downloads.
 */
export async function listObservations(ctx: { locale: Locale; tx?: Executor }, code: unknown, input: unknown) {
	const query = parseInput(ZObservationQuery, input);
	const db = ctx.tx ?? getDb();
	const row = await loadIndicatorRow(db, code);
	const filter = checkFilter(row, query);
	const source = await valueSource(db);
	const { items, total } = await pageObservations(source, row, filter, pageWindow(query));
	const name = territoryNamer(source.gazetteer, ctx.locale);
	return {
		indicator: { code: row.code, unit: row.unit, unitMultiplier: row.unitMultiplier, decimals: row.decimals, source: row.source, licence: row.licence },
		items: items.map((o) => ({ level: o.level, territory: o.territory, territoryName: name(o.level, o.territory), period: o.period, value: o.value, status: o.status, basis: o.basis, coverage: o.coverage, missing: o.missing, note: o.note })),
		total,
		page: query.page,
		pageSize: query.pageSize
	};
}
