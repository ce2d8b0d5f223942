import { eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { experienceListing } from '../db/schema';

/** Snowball configuration for each language of the texts. */
export const searchConfigs = { es: 'spanish', pt: 'portuguese', en: 'english' } as const;

// A text[] literal of bound parameters (Drizzle would otherwise expand an array into a row).
const textArray = (values: string[]) => (values.length ? sql`array[${sql.join(values.map((value) => sql`${value}`), sql`, `)}]::text[]` : sql`array[]::text[]`);

// Both drivers answer raw SQL with `{ rows }`; Drizzle's types do not say so for the generic executor.
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

type ListingRow = Omit<typeof experienceListing.$inferInsert, 'document'>;

/** Writes the catalogue row of a published experience, with its search document built from the folded texts. */
export async function upsertListing(
	db: Executor,
	row: ListingRow,
	texts: { locale: string; title: string; summary: string; body: string }[]
): Promise<void> {
	const parts: SQL[] = texts.map((text) => {
		const config = searchConfigs[text.locale as keyof typeof searchConfigs] ?? 'simple';
		return sql`setweight(to_tsvector(${config}::regconfig, ${text.title}), 'A') || setweight(to_tsvector(${config}::regconfig, ${text.summary}), 'B') || setweight(to_tsvector(${config}::regconfig, ${text.body}), 'C')`;
	});
	const document = parts.length ? sql.join(parts, sql` || `) : sql`''::tsvector`;
	await db
		.insert(experienceListing)
		.values({ ...row, document })
		.onConflictDoUpdate({ target: experienceListing.experienceId, set: { ...row, document } });
}

/** Removes an experience from the catalogue (it is no longer published). */
export async function deleteListing(db: Executor, experienceId: string): Promise<void> {
	await db.delete(experienceListing).where(eq(experienceListing.experienceId, experienceId));
}

/** Re-marks every listed experience against a new recognition threshold. */
export async function refreshRecognition(db: Executor, threshold: number): Promise<void> {
	await db
		.update(experienceListing)
		.set({ recognised: sql`coalesce(${experienceListing.score} >= ${threshold}, false)` });
}

/** Catalogue filters with the text already folded for search. */
export interface ListingFilter {
	text?: string;
	country?: string;
	theme?: string;
	sdg?: string;
	municipality?: string;
	size?: string;
	year?: number;
	recognised?: true;
}

// The query is read in the three languages at once: a Portuguese word finds Portuguese texts, a Spanish one Spanish texts.
const textQuery = (text: string) =>
	sql`(websearch_to_tsquery('spanish', ${text}) || websearch_to_tsquery('portuguese', ${text}) || websearch_to_tsquery('english', ${text}))`;

function whereOf(filter: ListingFilter): SQL {
	const conditions: SQL[] = [sql`true`];
	if (filter.text) conditions.push(sql`${l.document} @@ ${textQuery(filter.text)}`);
	if (filter.country) conditions.push(sql`${l.countries} @> array[${filter.country}]::text[]`);
	if (filter.theme) conditions.push(sql`${l.themes} @> array[${filter.theme}]::text[]`);
	if (filter.sdg) conditions.push(sql`${l.sdgs} @> array[${filter.sdg}]::text[]`);
	if (filter.municipality) conditions.push(sql`${l.municipalityIds} @> array[${filter.municipality}]::text[]`);
	if (filter.size) conditions.push(sql`${l.sizeBand} = ${filter.size}`);
	if (filter.year) conditions.push(sql`${l.year} = ${filter.year}`);
	if (filter.recognised) conditions.push(sql`${l.recognised}`);
	return sql.join(conditions, sql` and `);
}

const l = experienceListing;
// What a catalogue item shows, with the names of its municipalities.
const itemColumns = sql`${l.experienceId} as id, ${l.publishedAt} as published_at, ${l.publishedAt}::text as cursor_at, ${l.year} as year,
	${l.countries} as countries, ${l.themes} as themes, ${l.sdgs} as sdgs, ${l.sizeBand} as size_band, ${l.score} as score,
	${l.recognised} as recognised, ${l.originalLocale} as original_locale, ${l.titles} as titles, ${l.summaries} as summaries, ${l.isDemo} as is_demo,
	(select json_agg(json_build_object('id', m.id, 'name', m.name)) from municipality m where m.id = any(${l.municipalityIds})) as places`;

/** A listed experience as the catalogue reads it. */
export type ListingPageRow = {
	id: string;
	published_at: string | Date;
	year: number | null;
	countries: string[];
	themes: string[];
	sdgs: string[];
	size_band: string;
	score: string | number | null;
	recognised: boolean;
	original_locale: string;
	titles: Record<string, string>;
	summaries: Record<string, string>;
	is_demo: boolean;
	places: { id: string; name: string }[] | null;
	/** The publication time at full precision, for keyset paging. */
	cursor_at: string;
};

/**
 * A text search's matches are found through the GIN index. For a common word the planner expects most of the table
 * and scans it, and testing each row's `document` means fetching it out of line and decompressing it: 405 ms to count
 * 42,405 matches of 100,000 on PostgreSQL, against 51 ms through the index (an exact bitmap needs no recheck). The
 * planner does not count that cost, so the transaction of the query tells it (docs/benchmarks.md).
 */
async function executeWithoutSequentialScan(db: Executor, statement: SQL): Promise<unknown> {
	return inTransaction(db, async (tx) => {
		await tx.execute(sql`set local enable_seqscan = off`);
		const result = await tx.execute(statement);
		// Inside a caller's transaction the setting would last to its end: only this statement is meant.
		await tx.execute(sql`reset enable_seqscan`);
		return result;
	});
}

/**
 * One page of the catalogue and the facet counts of everything that matches, from a single pass over the matches
 * (ranking and counting read each matching row once).
 */
export async function selectCataloguePage(
	db: Executor,
	filter: ListingFilter,
	options: { sort: 'relevance' | 'newest' | 'score'; limit: number; offset: number }
): Promise<{ rows: ListingPageRow[]; facets: { facet: string; value: string; count: number }[] }> {
	const ranked = options.sort === 'relevance' && filter.text;
	const order = ranked
		? sql`matched.rank desc, matched.published_at desc`
		: options.sort === 'score'
			? sql`matched.score desc nulls last, matched.published_at desc`
			: sql`matched.published_at desc, matched.id desc`;
	const statement = sql`
		with matched as materialized (
			select ${l.experienceId} as id, ${l.publishedAt} as published_at, ${l.score} as score,
				${ranked ? sql`ts_rank_cd(${l.headDocument}, ${textQuery(filter.text!)})` : sql`0`} as rank,
				${l.countries} as countries, ${l.themes} as themes, ${l.sdgs} as sdgs, ${l.sizeBand} as size_band, ${l.year} as year, ${l.recognised} as recognised
			from ${l} where ${whereOf(filter)}
		),
		facets as (
			select 'country' as facet, v as value, count(*)::int as count from matched, unnest(countries) v group by v
			union all select 'theme', v, count(*)::int from matched, unnest(themes) v group by v
			union all select 'sdg', v, count(*)::int from matched, unnest(sdgs) v group by v
			union all select 'size', size_band, count(*)::int from matched group by size_band
			union all select 'year', year::text, count(*)::int from matched where year is not null group by year
			union all select 'recognised', 'true', count(*)::int from matched where recognised having count(*) > 0
		),
		page as (select id, row_number() over (order by ${order}) as position from matched order by ${order} limit ${options.limit} offset ${options.offset})
		select (select coalesce(json_agg(facets), '[]'::json) from facets) as facets,
			(select coalesce(json_agg(item order by item.position), '[]'::json) from (
				select ${itemColumns}, page.position from page join ${l} on ${l.experienceId} = page.id
			) item) as rows`;
	const result = filter.text ? await executeWithoutSequentialScan(db, statement) : await db.execute(statement);
	const [row] = rowsOf<{ facets: { facet: string; value: string; count: number }[]; rows: ListingPageRow[] }>(result);
	return { rows: row.rows, facets: row.facets };
}

/** One page of listed experiences, in the requested order, with the names of their municipalities. */
export async function selectListingPage(
	db: Executor,
	filter: ListingFilter,
	options: { sort: 'relevance' | 'newest' | 'score'; limit: number; offset: number; after?: { cursorAt: string; id: string } }
) {
	const order =
		options.sort === 'relevance' && filter.text
			? sql`ts_rank_cd(${l.headDocument}, ${textQuery(filter.text)}) desc, ${l.publishedAt} desc`
			: options.sort === 'score'
				? sql`${l.score} desc nulls last, ${l.publishedAt} desc`
				: sql`${l.publishedAt} desc, ${l.experienceId} desc`;
	const result = await db.execute(sql`
		select ${itemColumns}
		from ${l}
		where ${whereOf(filter)}${options.after ? sql` and (${l.publishedAt}, ${l.experienceId}) < (${options.after.cursorAt}::timestamptz, ${options.after.id}::uuid)` : sql``}
		order by ${order}
		limit ${options.limit} offset ${options.offset}`);
	return rowsOf<ListingPageRow>(result);
}

/** What relating experiences needs of one listed experience: its themes and its original title. */
export async function selectListingSeed(db: Executor, experienceId: string) {
	const [row] = await db
		.select({ themes: experienceListing.themes, titles: experienceListing.titles, locale: experienceListing.originalLocale })
		.from(experienceListing)
		.where(eq(experienceListing.experienceId, experienceId))
		.limit(1);
	return row;
}

/**
 * The listed experiences closest to one: most shared themes first, then the words of its title in their text.
 * Candidates are bounded (the newest 200 sharing a theme, or sharing a title word when it has no theme), so the cost
 * does not grow with the size of the bank.
 */
export async function selectRelatedListings(db: Executor, seed: { experienceId: string; themes: string[]; words: string[] }, limit: number) {
	const wordsQuery = seed.words.length ? textQuery(seed.words.join(' or ')) : sql`null::tsquery`;
	const candidates = seed.themes.length
		? sql`select ${l.experienceId} as id from ${l} where ${l.themes} && ${textArray(seed.themes)} and ${l.experienceId} <> ${seed.experienceId} order by ${l.publishedAt} desc limit 200`
		: sql`select ${l.experienceId} as id from ${l} where ${l.document} @@ ${wordsQuery} and ${l.experienceId} <> ${seed.experienceId} order by ${l.publishedAt} desc limit 200`;
	const result = await db.execute(sql`
		with candidates as (${candidates})
		select ${l.experienceId} as id, ${l.titles} as titles, ${l.originalLocale} as original_locale
		from candidates join ${l} on ${l.experienceId} = candidates.id
		order by cardinality(array(select unnest(${l.themes}) intersect select unnest(${textArray(seed.themes)}))) desc,
			coalesce(ts_rank(${l.document}, ${wordsQuery}), 0) desc, ${l.publishedAt} desc
		limit ${limit}`);
	return rowsOf<{ id: string; titles: Record<string, string>; original_locale: string }>(result);
}
