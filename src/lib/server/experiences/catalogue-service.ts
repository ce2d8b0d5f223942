import { writeCsv } from '../files';
import { getConfig } from '../config';
import type { Locale, ServiceContext } from '../context';
import { getDb } from '../db';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { pageWindow } from '../pagination';
import { getTaxonomy } from '../taxonomy';
import { listCountries } from '../territories';
import { toAtomFeed } from './feed';
import type { CatalogueItem } from './mappers';
import { foldForSearch } from './listing';
import { sizeBands } from '../territories';
import { selectCataloguePage, selectListingPage, selectListingSeed, selectRelatedListings, type ListingFilter, type ListingPageRow } from './listing-queries';
import { ZCatalogueQuery, type TCatalogueQuery } from './schema';

export type { CatalogueItem };

/** A facet value with how many matching experiences carry it. */
export interface FacetCount {
	value: string;
	count: number;
}

/** A catalogue page: items, total, facets and the query as understood. */
export interface CataloguePage {
	items: CatalogueItem[];
	total: number;
	page: number;
	pageSize: number;
	query: TCatalogueQuery & { sort: 'relevance' | 'newest' | 'score' };
	facets: Record<'country' | 'theme' | 'sdg' | 'size' | 'year' | 'recognised', FacetCount[]>;
}

function textIn<T extends Record<string, string>>(values: T, locale: Locale, original: string): { text: string; locale: string } {
	if (values[locale]) return { text: values[locale], locale };
	return { text: values[original] ?? Object.values(values)[0] ?? '', locale: values[original] ? original : (Object.keys(values)[0] ?? original) };
}

/** Maps a listing row to the item the reader sees, in their language when a translation exists. */
export function toCatalogueItem(row: ListingPageRow, locale: Locale): CatalogueItem {
	const title = textIn(row.titles, locale, row.original_locale);
	const summary = textIn(row.summaries, title.locale as Locale, row.original_locale);
	return {
		id: row.id,
		title: title.text,
		summary: summary.text,
		locale: title.locale,
		translated: title.locale === locale,
		publishedAt: new Date(row.published_at).toISOString(),
		year: row.year,
		countries: row.countries,
		municipalities: row.places ?? [],
		themes: row.themes,
		sdgs: row.sdgs,
		sizeBand: row.size_band,
		score: row.score === null ? null : Number(row.score),
		recognised: row.recognised,
		isDemo: row.is_demo
	};
}

/** The catalogue's filter from a parsed query (the text folded like the index). */
export function filterOf(query: TCatalogueQuery): ListingFilter {
	const text = query.q ? foldForSearch(query.q) : '';
	return {
		text: text || undefined,
		country: query.country,
		theme: query.theme,
		sdg: query.sdg,
		municipality: query.municipality,
		size: query.size,
		year: query.year,
		recognised: query.recognised
	};
}

/** Searches published experiences: full text in es/pt/en, facets, sorting and pages. Open to everyone. */
export async function searchCatalogue(ctx: ServiceContext, input: unknown): Promise<CataloguePage> {
	const query = parseInput(ZCatalogueQuery, input);
	const filter = filterOf(query);
	const sort = query.sort ?? (filter.text ? 'relevance' : 'newest');
	const db = ctx.tx ?? getDb();
	const { rows, facets: counts } = await selectCataloguePage(db, filter, { sort, ...pageWindow(query) });
	const facets: CataloguePage['facets'] = { country: [], theme: [], sdg: [], size: [], year: [], recognised: [] };
	for (const row of counts) facets[row.facet as keyof CataloguePage['facets']].push({ value: row.value, count: row.count });
	for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
	facets.size.sort((a, b) => sizeBands.indexOf(a.value as never) - sizeBands.indexOf(b.value as never));
	facets.year.sort((a, b) => Number(b.value) - Number(a.value));
	// Every listed experience has exactly one size band, so the band counts add up to the total.
	const total = facets.size.reduce((sum, band) => sum + band.count, 0);
	return { items: rows.map((row) => toCatalogueItem(row, ctx.locale)), total, page: query.page, pageSize: query.pageSize, query: { ...query, sort }, facets };
}

/** Up to four published experiences related to one (shared themes, similar words). */
export async function listRelatedExperiences(ctx: ServiceContext, experienceId: string): Promise<{ id: string; title: string; locale: string }[]> {
	const db = ctx.tx ?? getDb();
	const seed = await selectListingSeed(db, experienceId);
	if (!seed) return [];
	// The longer words of its title, as an "any of these" query in the three languages.
	const words = [...new Set(foldForSearch(seed.titles[seed.locale] ?? '').split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 4))].slice(0, 8);
	const rows = await selectRelatedListings(db, { experienceId, themes: seed.themes, words }, 4);
	return rows.map((row) => {
		const title = textIn(row.titles, ctx.locale, row.original_locale);
		return { id: row.id, title: title.text, locale: title.locale };
	});
}

const ZFeedQuery = ZCatalogueQuery.pick({ theme: true, country: true });

function pageUrl(locale: Locale, path: string): string {
	return new URL(`${localePrefix(locale)}${path}`, getConfig().origin).toString();
}

/** The Atom feed of the 50 newest published experiences: all of them, or of one theme or country. */
export async function getExperienceFeed(ctx: ServiceContext, input: unknown): Promise<string> {
	const query = parseInput(ZFeedQuery, input);
	const db = ctx.tx ?? getDb();
	const rows = await selectListingPage(db, filterOf({ ...query, page: 1, pageSize: 50 }), { sort: 'newest', limit: 50, offset: 0 });
	const taxonomy = await getTaxonomy(ctx);
	const labels = new Map([
		...taxonomy.areas.flatMap((area) => area.themes.map((theme) => [theme.code, theme.label] as const)),
		...taxonomy.sdgs.map((sdg) => [sdg.code, `${sdg.number}. ${sdg.label}`] as const)
	]);
	const countryName = query.country ? (await listCountries(ctx)).find((country) => country.code === query.country)?.name ?? query.country : null;
	const scope = query.theme ? (labels.get(query.theme) ?? query.theme) : countryName;
	const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
	return toAtomFeed(
		rows.map((row) => toCatalogueItem(row, ctx.locale)),
		{
			selfUrl: pageUrl(ctx.locale, `/experiencias/feed.atom${params.size ? `?${params}` : ''}`),
			siteUrl: pageUrl(ctx.locale, `/experiencias${params.size ? `?${params}` : ''}`),
			title: scope ? translate('feed_title_scoped', ctx.locale, { scope }) : translate('feed_title', ctx.locale),
			subtitle: translate('feed_subtitle', ctx.locale),
			locale: ctx.locale,
			itemUrl: (id) => pageUrl(ctx.locale, `/experiencias/${id}`),
			categoryLabel: (code) => labels.get(code) ?? code
		}
	);
}

const exportColumns = [
	'id',
	'url',
	'title',
	'summary',
	'language',
	'published_at',
	'year',
	'countries',
	'municipality_ids',
	'municipalities',
	'themes',
	'sdgs',
	'size_band',
	'score',
	'recognised',
	'demo'
] as const;

function exportRecord(item: CatalogueItem, locale: Locale): Record<(typeof exportColumns)[number], string | number | boolean | null> {
	return {
		id: item.id,
		url: pageUrl(locale, `/experiencias/${item.id}`),
		title: item.title,
		summary: item.summary,
		language: item.locale,
		published_at: item.publishedAt,
		year: item.year,
		countries: item.countries.join(';'),
		municipality_ids: item.municipalities.map((place) => place.id).join(';'),
		municipalities: item.municipalities.map((place) => place.name).join(';'),
		themes: item.themes.join(';'),
		sdgs: item.sdgs.join(';'),
		size_band: item.sizeBand,
		score: item.score,
		recognised: item.recognised,
		demo: item.isDemo
	};
}

/**
 * Every published experience matching the catalogue's filters, newest first, read in batches by keyset so the
 * export runs in constant memory however many there are.
 */
export async function* iterateCatalogue(ctx: ServiceContext, input: unknown, batchSize = 500): AsyncGenerator<CatalogueItem> {
	const query = parseInput(ZCatalogueQuery, input);
	const filter = filterOf(query);
	const db = ctx.tx ?? getDb();
	let after: { cursorAt: string; id: string } | undefined;
	for (;;) {
		const rows = await selectListingPage(db, filter, { sort: 'newest', limit: batchSize, offset: 0, after });
		for (const row of rows) yield toCatalogueItem(row, ctx.locale);
		if (rows.length < batchSize) return;
		const last = rows[rows.length - 1];
		after = { cursorAt: last.cursor_at, id: last.id };
	}
}

/** The export as a byte stream: CSV (RFC 4180, UTF-8, header row) or a JSON array. Filters are checked before the first byte. */
export function exportCatalogue(ctx: ServiceContext, input: unknown, format: 'csv' | 'json'): ReadableStream<Uint8Array> {
	parseInput(ZCatalogueQuery, input);
	const encoder = new TextEncoder();
	const items = iterateCatalogue(ctx, input);
	let first = true;
	let done = false;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (done) return;
			if (first) {
				controller.enqueue(encoder.encode(format === 'csv' ? writeCsv([exportColumns as unknown as string[]]) : '['));
			}
			// One batch of lines per pull keeps memory flat and lets back-pressure work.
			const chunk: string[] = [];
			for (let index = 0; index < 200; index++) {
				const next = await items.next();
				if (next.done) {
					done = true;
					break;
				}
				const record = exportRecord(next.value, ctx.locale);
				if (format === 'csv') chunk.push(writeCsv([exportColumns.map((column) => record[column])], { cast: { boolean: (value) => String(value) } }));
				else chunk.push(`${first && !chunk.length ? '' : ','}\n${JSON.stringify(record)}`);
			}
			first = false;
			if (chunk.length) controller.enqueue(encoder.encode(chunk.join('')));
			if (done) {
				if (format === 'json') controller.enqueue(encoder.encode('\n]\n'));
				controller.close();
			}
		},
		async cancel() {
			await items.return(undefined);
		}
	});
}
