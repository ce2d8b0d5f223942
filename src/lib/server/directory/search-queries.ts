// The directory search over every type of entry, and the deadlines the calendar lists.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, directoryListing, expert, expertCompetency, fundingCall, institution } from '../db/schema';
import { rowsOf, searchQuery } from './queries';

/** The directory's filters with the text folded for search. */
export interface DirectoryFilter {
	text?: string;
	type?: 'institution' | 'funding_call' | 'expert' | 'service';
	country?: string;
	theme?: string;
	sdg?: string;
	kind?: string;
	applicant?: string;
	callStatus?: 'upcoming' | 'open' | 'closing_soon' | 'closed';
	language?: string;
	availability?: string;
}

/** A directory hit as the search lists it. */
export interface DirectoryRow {
	type: 'institution' | 'funding_call' | 'expert' | 'service';
	id: string;
	title: string;
	subtitle: string | null;
	kind: string | null;
	countries: string[];
	themes: string[];
	opens_at: string | null;
	closes_at: string | null;
	time_zone: string | null;
	verified_at: string | null;
	centre_of_excellence: boolean;
	availability: string | null;
	is_demo: boolean;
}

/** A type of directory entry. */
export type DirectoryEntryType = DirectoryRow['type'];

const l = directoryListing;

// `facet:value` for each element of an array column (an empty array gives none, or `facet:*` for "open to all").
const keysOf = (facet: string, values: SQL) => sql`array(select ${sql.raw(`'${facet}:'`)} || v from unnest(${values}) v)`;
const keysOrAll = (facet: string, values: SQL) => sql`case when cardinality(${values}) = 0 then array[${sql.raw(`'${facet}:*'`)}] else ${keysOf(facet, values)} end`;

// What the search shows and filters of each type, in the order of the listing's columns below. Institutions match
// on their country and the countries they serve; calls and services with no country or applicant listed are open to all.
const listingSources: Record<DirectoryEntryType, (where: (id: SQL, isDemo: SQL) => SQL) => SQL> = {
	institution: (where) => sql`
		select 'institution', i.id, i.name, i.acronym, null::uuid, i.kind, array_prepend(i.country_code, i.countries_served), i.themes, '{}'::text[], '{}'::text[],
			'{}'::text[], null, null::timestamptz, null::timestamptz, null, i.verified_at, i.centre_of_excellence, i.is_demo,
			array['type:institution', 'kind:' || i.kind] || ${keysOf('country', sql`array_prepend(i.country_code, i.countries_served)`)} || ${keysOf('theme', sql`i.themes`)},
			i.document
		from ${institution} i where i.status = 'verified' and ${where(sql`i.id`, sql`i.is_demo`)}`,
	funding_call: (where) => sql`
		select 'funding_call', c.id, c.title, null, c.funder_id, null, c.eligible_countries, c.themes, c.sdgs, c.eligible_applicants,
			'{}'::text[], null, c.opens_at, c.closes_at, c.time_zone, c.verified_at, false, c.is_demo,
			array['type:funding_call'] || ${keysOrAll('country', sql`c.eligible_countries`)} || ${keysOf('theme', sql`c.themes`)} || ${keysOf('sdg', sql`c.sdgs`)}
				|| ${keysOrAll('applicant', sql`c.eligible_applicants`)},
			c.document
		from ${fundingCall} c where c.status = 'verified' and ${where(sql`c.id`, sql`c.is_demo`)}`,
	expert: (where) => sql`
		select 'expert', e.id, e.name, e.headline, null::uuid, null, e.countries, k.themes, '{}'::text[], '{}'::text[],
			e.languages, e.availability, null::timestamptz, null::timestamptz, null, e.verified_at, false, e.is_demo,
			array['type:expert', 'availability:' || e.availability] || ${keysOf('country', sql`e.countries`)} || ${keysOf('theme', sql`k.themes`)} || ${keysOf('language', sql`e.languages`)},
			e.document
		from ${expert} e, lateral (select array(select c.theme from ${expertCompetency} c where c.expert_id = e.id) as themes) k
		where e.status = 'verified' and ${where(sql`e.id`, sql`e.is_demo`)}`,
	service: (where) => sql`
		select 'service', s.id, s.name, null, s.institution_id, null, s.service_areas, s.themes, '{}'::text[], s.eligible_applicants,
			s.languages, null, null::timestamptz, null::timestamptz, null, s.verified_at, false, s.is_demo,
			array['type:service'] || ${keysOrAll('country', sql`s.service_areas`)} || ${keysOf('theme', sql`s.themes`)} || ${keysOf('language', sql`s.languages`)}
				|| ${keysOrAll('applicant', sql`s.eligible_applicants`)},
			s.document
		from ${cooperationService} s where s.status = 'verified' and s.service_status = 'active' and ${where(sql`s.id`, sql`s.is_demo`)}`
};

/**
 * Rebuilds the search listing of some entries in the caller's transaction, from what is stored now: verified ones
 * (active services) are (re)written, anything else leaves it. Every write that can change a listed field calls it;
 * `demo` redoes the demonstration entries (after they are replaced), `all` everything (after bulk loads).
 */
export async function refreshDirectoryListing(db: Executor, scope: { type: DirectoryEntryType; ids: string[] } | 'demo' | 'all'): Promise<void> {
	if (typeof scope === 'object' && !scope.ids.length) return;
	const types = typeof scope === 'object' ? [scope.type] : (Object.keys(listingSources) as DirectoryEntryType[]);
	const where = (id: SQL, isDemo: SQL) => (scope === 'all' ? sql`true` : scope === 'demo' ? isDemo : sql`${id} in ${scope.ids}`);
	await db.execute(
		sql`delete from ${l} where ${scope === 'all' ? sql`true` : scope === 'demo' ? sql`${l.isDemo}` : sql`${l.entryType} = ${scope.type} and ${l.entryId} in ${scope.ids}`}`
	);
	await db.execute(sql`
		insert into ${l} (entry_type, entry_id, title, subtitle, parent_id, kind, countries, themes, sdgs, applicants, languages, availability,
			opens_at, closes_at, time_zone, verified_at, centre_of_excellence, is_demo, filter_keys, document)
		${sql.join(
			types.map((type) => listingSources[type](where)),
			sql` union all `
		)}
		on conflict (entry_type, entry_id) do update set title = excluded.title, subtitle = excluded.subtitle, parent_id = excluded.parent_id,
			kind = excluded.kind, countries = excluded.countries, themes = excluded.themes, sdgs = excluded.sdgs, applicants = excluded.applicants,
			languages = excluded.languages, availability = excluded.availability, opens_at = excluded.opens_at, closes_at = excluded.closes_at,
			time_zone = excluded.time_zone, verified_at = excluded.verified_at, centre_of_excellence = excluded.centre_of_excellence,
			is_demo = excluded.is_demo, filter_keys = excluded.filter_keys, document = excluded.document`);
}

// A text[] literal of bound parameters (Drizzle would otherwise expand an array into a row).
const textArray = (values: string[]) => sql`array[${sql.join(
	values.map((value) => sql`${value}`),
	sql`, `
)}]::text[]`;

/**
 * One page of verified directory entries of every type and the facet counts of all that match, at `now` (call
 * status depends on it), in one pass over the search listing: the filters are one lookup in its GIN index of
 * `facet:value` keys (a filter that only some types have leaves the others out, as they have no such key), the
 * facet counts one grouping of the matches' keys. Only the page's rows are read in full.
 */
export async function selectDirectoryPage(
	db: Executor,
	filter: DirectoryFilter,
	options: { sort: 'relevance' | 'closing' | 'name'; limit: number; offset: number; now: Date }
) {
	const now = options.now.toISOString();
	const soon = new Date(options.now.getTime() + 14 * 86_400_000).toISOString();
	const query = filter.text ? searchQuery(filter.text) : null;
	// Every key given must be there; of each group, one at least.
	const required = [
		...(filter.type ? [`type:${filter.type}`] : []),
		...(filter.callStatus ? ['type:funding_call'] : []),
		...(filter.theme ? [`theme:${filter.theme}`] : []),
		...(filter.sdg ? [`sdg:${filter.sdg}`] : []),
		...(filter.kind ? [`kind:${filter.kind}`] : []),
		...(filter.language ? [`language:${filter.language}`] : []),
		...(filter.availability ? [`availability:${filter.availability}`] : [])
	];
	const anyOf = [
		...(filter.country ? [[`country:${filter.country}`, 'country:*']] : []),
		...(filter.applicant ? [[`applicant:${filter.applicant}`, 'applicant:*']] : [])
	];
	const conditions: SQL[] = [
		...(query ? [sql`${l.document} @@ ${query}`] : []),
		...(required.length ? [sql`${l.filterKeys} @> ${textArray(required)}`] : []),
		...anyOf.map((keys) => sql`${l.filterKeys} && ${textArray(keys)}`)
	];
	const statusOf = sql`case when ${l.entryType} <> 'funding_call' then null when ${l.opensAt} > ${now}::timestamptz then 'upcoming'
		when ${l.closesAt} <= ${now}::timestamptz then 'closed' when ${l.closesAt} <= ${soon}::timestamptz then 'closing_soon' else 'open' end`;
	if (filter.callStatus) conditions.push(sql`${statusOf} = ${filter.callStatus}`);
	// The same order picks the page and lays it out; the id settles ties.
	const order = (m: string) =>
		sql.raw(
			options.sort === 'closing'
				? `(${m}.call_status = 'closed'), ${m}.closes_at asc nulls last, ${m}.title, ${m}.id`
				: options.sort === 'name' || !query
					? `lower(${m}.title), ${m}.id`
					: `${m}.rank desc, lower(${m}.title), ${m}.id`
		);
	const result = await db.execute(sql`
		with matched as materialized (
			select ${l.entryType} as type, ${l.entryId} as id, ${l.title} as title, ${l.closesAt} as closes_at, ${l.filterKeys} as keys,
				${statusOf} as call_status, ${query ? sql`ts_rank(${l.document}, ${query})` : sql`0`} as rank
			from ${l}
			${conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
		),
		facets as (
			select split_part(k, ':', 1) as facet, substr(k, strpos(k, ':') + 1) as value, count(*)::int as count
			from matched, unnest(matched.keys) k where k not like '%:*' group by k
			union all select 'callStatus', call_status, count(*)::int from matched where call_status is not null group by call_status
		),
		page as (select * from matched order by ${order('matched')} limit ${options.limit} offset ${options.offset})
		select (select coalesce(json_agg(facets), '[]'::json) from facets) as facets,
			(select coalesce(json_agg(json_build_object('type', page.type, 'id', page.id, 'title', page.title, 'subtitle', coalesce(p.name, e.subtitle),
				'kind', e.kind, 'countries', e.countries, 'themes', e.themes, 'opens_at', e.opens_at, 'closes_at', e.closes_at, 'time_zone', e.time_zone,
				'verified_at', e.verified_at, 'centre_of_excellence', e.centre_of_excellence, 'availability', e.availability, 'is_demo', e.is_demo)
				order by ${order('page')}), '[]'::json)
			from page join ${l} e on e.entry_type = page.type and e.entry_id = page.id left join ${institution} p on p.id = e.parent_id) as rows`);
	const [row] = rowsOf<{ facets: { facet: string; value: string; count: number }[]; rows: DirectoryRow[] }>(result);
	return row;
}

/** Verified calls closing after `from`, soonest first, for the iCalendar feed. */
export async function selectCallDeadlines(db: Executor, filter: { theme?: string; country?: string }, from: Date) {
	return db
		.select({
			id: fundingCall.id,
			title: fundingCall.title,
			description: fundingCall.description,
			opensAt: fundingCall.opensAt,
			closesAt: fundingCall.closesAt,
			timeZone: fundingCall.timeZone,
			link: fundingCall.link,
			updatedAt: fundingCall.updatedAt,
			funder: institution.name
		})
		.from(fundingCall)
		.innerJoin(institution, eq(institution.id, fundingCall.funderId))
		.where(
			and(
				eq(fundingCall.status, 'verified'),
				sql`${fundingCall.closesAt} > ${from.toISOString()}::timestamptz`,
				filter.theme ? sql`${filter.theme} = any(${fundingCall.themes})` : undefined,
				filter.country ? sql`(cardinality(${fundingCall.eligibleCountries}) = 0 or ${filter.country} = any(${fundingCall.eligibleCountries}))` : undefined
			)
		)
		.orderBy(asc(fundingCall.closesAt))
		.limit(1000);
}
