import type { Locale, ServiceContext } from '../context';
import { getDb } from '../db';
import { parseInput } from '../errors/zod';
import { pageWindow } from '../pagination';
import { foldForSearch, sizeBands } from './listing';
import { selectListingFacets, selectListingPage, selectRelatedListings, type ListingFilter } from './listing-queries';
import { ZCatalogueQuery, type TCatalogueQuery } from './schema';

/** One published experience as the catalogue, the API list, feeds and exports show it. */
export interface CatalogueItem {
	id: string;
	title: string;
	summary: string;
	/** Language of title and summary: the reader's when translated, else the original. */
	locale: string;
	translated: boolean;
	publishedAt: string;
	year: number | null;
	countries: string[];
	municipalities: { id: string; name: string }[];
	themes: string[];
	sdgs: string[];
	sizeBand: string;
	score: number | null;
	recognised: boolean;
	isDemo: boolean;
}

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
export function toCatalogueItem(row: Awaited<ReturnType<typeof selectListingPage>>[number], locale: Locale): CatalogueItem {
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
	const rows = await selectListingPage(db, filter, { sort, ...pageWindow(query) });
	const counts = await selectListingFacets(db, filter);
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
	const rows = await selectRelatedListings(ctx.tx ?? getDb(), experienceId, 4);
	return rows.map((row) => {
		const title = textIn(row.titles, ctx.locale, row.original_locale);
		return { id: row.id, title: title.text, locale: title.locale };
	});
}
