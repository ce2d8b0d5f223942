// The DCAT catalogue (JSON-LD) of the open statistics at /catalog.jsonld: one dataset per indicator and per imported
// dataset, with the downloads open-data.ts serves, so that data portals can harvest them.
import { locales, type Locale } from '../context';
import { getDb, type Executor } from '../db';
import { translate } from '../i18n';
import { getTaxonomy } from '../taxonomy';
import * as importQueries from './import-queries';
import { datasetPath, downloadName, exportFormats, indicatorPath, isPublished, siteOrigin, valueSource, type DatasetRow, type ExportFormat } from './open-data';
import { parsePeriod, periodEnd, periodStart } from './periods';
import type { Level } from './territory-resolver';
import { periodsOf } from './values';

const CONTEXT = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
	skos: 'http://www.w3.org/2004/02/skos/core#',
	xsd: 'http://www.w3.org/2001/XMLSchema#'
};

const FREQUENCY: Record<string, string> = {
	annual: 'http://publications.europa.eu/resource/authority/frequency/ANNUAL',
	quarterly: 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY',
	monthly: 'http://publications.europa.eu/resource/authority/frequency/MONTHLY'
};

// Licences as offices write them, to the licence's own address.
const LICENCES: [RegExp, string][] = [
	[/^cc[\s-]*by[\s-]*4\.0$/i, 'https://creativecommons.org/licenses/by/4.0/'],
	[/^cc[\s-]*by[\s-]*sa[\s-]*4\.0$/i, 'https://creativecommons.org/licenses/by-sa/4.0/'],
	[/^cc[\s-]*0([\s-]*1\.0)?$/i, 'https://creativecommons.org/publicdomain/zero/1.0/'],
	[/^odbl([\s-]*1\.0)?$/i, 'https://opendatacommons.org/licenses/odbl/1-0/']
];

function licenceNode(text: string) {
	const value = text.trim();
	if (!value) return undefined;
	if (/^https?:\/\/\S+$/.test(value)) return { '@id': value, '@type': 'dct:LicenseDocument' };
	const known = LICENCES.find(([pattern]) => pattern.test(value));
	return known ? { '@id': known[1], '@type': 'dct:LicenseDocument', 'rdfs:label': value } : { '@type': 'dct:LicenseDocument', 'rdfs:label': value };
}

const dateTime = (date: Date) => ({ '@value': date.toISOString(), '@type': 'xsd:dateTime' });
const day = (date: Date) => ({ '@value': date.toISOString().slice(0, 10), '@type': 'xsd:date' });
const texts = (values: Partial<Record<Locale, string>>) =>
	locales.filter((locale) => values[locale]?.trim()).map((locale) => ({ '@value': values[locale]!.trim(), '@language': locale }));
const translated = (key: string, params: Record<string, unknown> = {}) => texts(Object.fromEntries(locales.map((locale) => [locale, translate(key, locale, params)])));

/** The time a set of periods covers, from the start of the first to the last day of the last. */
function temporal(periods: Iterable<string>) {
	let start: Date | undefined;
	let end: Date | undefined;
	for (const period of periods) {
		if (!parsePeriod(period)) continue;
		const from = periodStart(period);
		const to = periodEnd(period);
		if (!start || from < start) start = from;
		if (!end || to > end) end = to;
	}
	if (!start || !end) return undefined;
	return { '@type': 'dct:PeriodOfTime', 'dcat:startDate': day(start), 'dcat:endDate': day(new Date(end.getTime() - 86_400_000)) };
}

function distributions(page: string, licence: ReturnType<typeof licenceNode>) {
	return (Object.keys(exportFormats) as ExportFormat[]).map((format) => ({
		'@id': `${page}/${downloadName[format]}`,
		'@type': 'dcat:Distribution',
		'dct:title': exportFormats[format].title,
		'dcat:accessURL': { '@id': page },
		'dcat:downloadURL': { '@id': `${page}/${downloadName[format]}` },
		'dcat:mediaType': exportFormats[format].mediaType,
		...(format === 'sdmx' ? { 'dct:conformsTo': { '@id': 'https://github.com/sdmx-twg/sdmx-csv' } } : {}),
		...(licence ? { 'dct:license': licence } : {})
	}));
}

// The periods and indicators of an imported dataset only change when a later import revises its values; they are
// read once per process and kept by dataset and import time, for at most MAX_KEPT_COVERAGES datasets (the least
// recently read are forgotten), so a long-lived server with many datasets, or deleted ones, does not grow without end.
interface Coverage {
	stamp: number;
	periods: string[];
	indicators: string[];
}
const datasetCoverage = new Map<string, Coverage>();
const MAX_KEPT_COVERAGES = 500;

async function coverageOf(db: Executor, row: DatasetRow): Promise<Coverage> {
	const stamp = row.finishedAt?.getTime() ?? 0;
	const known = datasetCoverage.get(row.id);
	if (known && known.stamp === stamp) {
		datasetCoverage.delete(row.id);
		datasetCoverage.set(row.id, known);
		return known;
	}
	const rows = await importQueries.selectDatasetCoverage(db, row.id);
	const coverage = { stamp, periods: [...new Set(rows.map((item) => item.period))], indicators: [...new Set(rows.map((item) => item.indicator_code))].sort() };
	datasetCoverage.delete(row.id);
	datasetCoverage.set(row.id, coverage);
	for (const oldest of datasetCoverage.keys()) {
		if (datasetCoverage.size <= MAX_KEPT_COVERAGES) break;
		datasetCoverage.delete(oldest);
	}
	return coverage;
}

/**
 * The DCAT catalogue (JSON-LD, DCAT-AP style) of the open statistics: one dataset per indicator and per imported
 * dataset, each with its publisher, licence, dates, time covered, theme and its CSV, SDMX-CSV and JSON downloads.
 * Names are given in every language, so the one document serves every reader.
 */
export async function getDataCatalogue(ctx: { tx?: Executor } = {}) {
	const db = ctx.tx ?? getDb();
	const base = siteOrigin();
	const source = await valueSource(db);
	const themeLabels = new Map<string, Partial<Record<Locale, string>>>();
	for (const locale of locales) {
		for (const area of (await getTaxonomy({ locale, tx: ctx.tx })).areas) {
			for (const theme of area.themes) themeLabels.set(theme.code, { ...themeLabels.get(theme.code), [locale]: theme.label });
		}
	}
	const themeNode = (code: string) => ({ '@id': `${base}/api/v1/taxonomy#${encodeURIComponent(code)}`, '@type': 'skos:Concept', 'skos:notation': code, 'skos:prefLabel': texts(themeLabels.get(code) ?? {}) });

	const entries: Record<string, unknown>[] = [];
	let modified = new Date(0);
	for (const row of source.indicators.values()) {
		const page = `${base}${indicatorPath(row.code)}`;
		const licence = licenceNode(row.licence);
		const periods = (await Promise.all((row.levels as Level[]).map((level) => periodsOf(source, row, level)))).flat();
		const names = texts(row.names);
		const definitions = texts(row.definitions);
		const covered = temporal(periods);
		if (row.updatedAt > modified) modified = row.updatedAt;
		entries.push({
			'@id': page,
			'@type': 'dcat:Dataset',
			'dct:identifier': row.code,
			'dct:title': names,
			'dct:description': definitions.length ? definitions : names,
			'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': row.source },
			...(licence ? { 'dct:license': licence } : {}),
			'dct:issued': dateTime(row.createdAt),
			'dct:modified': dateTime(row.updatedAt),
			...(FREQUENCY[row.periodicity] ? { 'dct:accrualPeriodicity': { '@id': FREQUENCY[row.periodicity] } } : {}),
			...(covered ? { 'dct:temporal': covered } : {}),
			...(row.theme ? { 'dcat:theme': themeNode(row.theme) } : {}),
			'dcat:landingPage': { '@id': page },
			'dcat:distribution': distributions(page, licence)
		});
	}

	for (let offset = 0; ; offset += 200) {
		const { rows } = await importQueries.selectDatasetPage(db, { limit: 200, offset }, { onlyImported: true });
		for (const row of rows.filter(isPublished)) {
			const page = `${base}${datasetPath(row.id)}`;
			const licence = licenceNode(row.licence);
			const coverage = await coverageOf(db, row);
			const single = (row.mapping as { indicator?: string }).indicator;
			const themes = [...new Set((coverage?.indicators ?? (single ? [single] : [])).map((code) => source.indicators.get(code)?.theme).filter((theme): theme is string => !!theme))];
			const finished = row.finishedAt ?? row.createdAt;
			const covered = coverage && temporal(coverage.periods);
			if (finished > modified) modified = finished;
			entries.push({
				'@id': page,
				'@type': 'dcat:Dataset',
				'dct:identifier': row.id,
				'dct:title': row.title,
				'dct:description': translated('stats_catalog_dataset_description', { title: row.title, publisher: row.publisher, file: row.fileName }),
				'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': row.publisher },
				...(licence ? { 'dct:license': licence } : {}),
				'dct:issued': dateTime(row.createdAt),
				'dct:modified': dateTime(finished),
				...(covered ? { 'dct:temporal': covered } : {}),
				...(themes.length ? { 'dcat:theme': themes.map(themeNode) } : {}),
				...(row.sourceUrl ? { 'dct:source': { '@id': row.sourceUrl } } : {}),
				'dcat:landingPage': { '@id': page },
				'dcat:distribution': distributions(page, licence)
			});
		}
		if (rows.length < 200) break;
	}

	return {
		'@context': CONTEXT,
		'@id': `${base}/catalog.jsonld`,
		'@type': 'dcat:Catalog',
		'dct:title': translated('stats_catalog_title'),
		'dct:description': translated('stats_catalog_description'),
		'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Cabildo' },
		'dct:language': locales.map((locale) => ({ '@id': `http://id.loc.gov/vocabulary/iso639-1/${locale}` })),
		'foaf:homepage': { '@id': `${base}/estadisticas` },
		'dct:modified': dateTime(modified),
		'dcat:dataset': entries
	};
}
