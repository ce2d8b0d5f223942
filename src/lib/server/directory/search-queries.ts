// The directory search over every type of entry, and the deadlines the calendar lists.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, expert, expertCompetency, fundingCall, institution } from '../db/schema';
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

/**
 * One page of verified directory entries of every type and the facet counts of all that match, at `now` (call
 * status depends on it). Institutions match on their country and the countries they serve; calls on their eligible
 * countries (none listed means open to all).
 */
export async function selectDirectoryPage(
	db: Executor,
	filter: DirectoryFilter,
	options: { sort: 'relevance' | 'closing' | 'name'; limit: number; offset: number; now: Date }
) {
	const now = options.now.toISOString();
	const soon = new Date(options.now.getTime() + 14 * 86_400_000).toISOString();
	const query = filter.text ? searchQuery(filter.text) : null;
	const statusOf = sql`case when c.opens_at > ${now}::timestamptz then 'upcoming' when c.closes_at <= ${now}::timestamptz then 'closed'
		when c.closes_at <= ${soon}::timestamptz then 'closing_soon' else 'open' end`;
	const institutions = sql`
		select 'institution' as type, i.id, i.name as title, i.acronym as subtitle, i.kind, array_prepend(i.country_code, i.countries_served) as countries,
			i.themes, array[]::text[] as sdgs, array[]::text[] as applicants, null::timestamptz as opens_at, null::timestamptz as closes_at, null as time_zone,
			null as call_status, i.verified_at, i.centre_of_excellence, ${query ? sql`ts_rank(i.document, ${query})` : sql`0`} as rank,
			array[]::text[] as languages, null as availability, i.is_demo
		from ${institution} i
		where i.status = 'verified' ${query ? sql`and i.document @@ ${query}` : sql``}
			${filter.kind ? sql`and i.kind = ${filter.kind}` : sql``}
			${filter.country ? sql`and (i.country_code = ${filter.country} or ${filter.country} = any(i.countries_served))` : sql``}
			${filter.theme ? sql`and ${filter.theme} = any(i.themes)` : sql``}`;
	const calls = sql`
		select 'funding_call' as type, c.id, c.title, f.name as subtitle, null as kind, c.eligible_countries as countries, c.themes, c.sdgs,
			c.eligible_applicants as applicants, c.opens_at, c.closes_at, c.time_zone, ${statusOf} as call_status, c.verified_at,
			false as centre_of_excellence, ${query ? sql`ts_rank(c.document, ${query})` : sql`0`} as rank, array[]::text[] as languages, null as availability, c.is_demo
		from ${fundingCall} c join ${institution} f on f.id = c.funder_id
		where c.status = 'verified' ${query ? sql`and c.document @@ ${query}` : sql``}
			${filter.country ? sql`and (cardinality(c.eligible_countries) = 0 or ${filter.country} = any(c.eligible_countries))` : sql``}
			${filter.theme ? sql`and ${filter.theme} = any(c.themes)` : sql``}
			${filter.sdg ? sql`and ${filter.sdg} = any(c.sdgs)` : sql``}
			${filter.applicant ? sql`and (cardinality(c.eligible_applicants) = 0 or ${filter.applicant} = any(c.eligible_applicants))` : sql``}
			${filter.callStatus ? sql`and ${statusOf} = ${filter.callStatus}` : sql``}`;
	const experts = sql`
		select 'expert' as type, e.id, e.name as title, e.headline as subtitle, null as kind, e.countries,
			array(select k.theme from ${expertCompetency} k where k.expert_id = e.id) as themes, array[]::text[] as sdgs, array[]::text[] as applicants,
			null::timestamptz as opens_at, null::timestamptz as closes_at, null as time_zone, null as call_status, e.verified_at,
			false as centre_of_excellence, ${query ? sql`ts_rank(e.document, ${query})` : sql`0`} as rank, e.languages, e.availability, e.is_demo
		from ${expert} e
		where e.status = 'verified' ${query ? sql`and e.document @@ ${query}` : sql``}
			${filter.country ? sql`and ${filter.country} = any(e.countries)` : sql``}
			${filter.theme ? sql`and exists (select 1 from ${expertCompetency} k where k.expert_id = e.id and k.theme = ${filter.theme})` : sql``}
			${filter.language ? sql`and ${filter.language} = any(e.languages)` : sql``}
			${filter.availability ? sql`and e.availability = ${filter.availability}` : sql``}`;
	const services = sql`
		select 'service' as type, s.id, s.name as title, p.name as subtitle, null as kind, s.service_areas as countries, s.themes,
			array[]::text[] as sdgs, s.eligible_applicants as applicants, null::timestamptz as opens_at, null::timestamptz as closes_at,
			null as time_zone, null as call_status, s.verified_at, false as centre_of_excellence,
			${query ? sql`ts_rank(s.document, ${query})` : sql`0`} as rank, s.languages, null as availability, s.is_demo
		from ${cooperationService} s join ${institution} p on p.id = s.institution_id
		where s.status = 'verified' and s.service_status = 'active' ${query ? sql`and s.document @@ ${query}` : sql``}
			${filter.country ? sql`and (cardinality(s.service_areas) = 0 or ${filter.country} = any(s.service_areas))` : sql``}
			${filter.theme ? sql`and ${filter.theme} = any(s.themes)` : sql``}
			${filter.applicant ? sql`and (cardinality(s.eligible_applicants) = 0 or ${filter.applicant} = any(s.eligible_applicants))` : sql``}
			${filter.language ? sql`and ${filter.language} = any(s.languages)` : sql``}`;
	// A filter that only some types have leaves the others out.
	const of = (type: DirectoryFilter['type']) => !filter.type || filter.type === type;
	const wantInstitutions = of('institution') && !filter.sdg && !filter.callStatus && !filter.applicant && !filter.language && !filter.availability;
	const wantCalls = of('funding_call') && !filter.kind && !filter.language && !filter.availability;
	const wantExperts = of('expert') && !filter.kind && !filter.sdg && !filter.callStatus && !filter.applicant;
	const wantServices = of('service') && !filter.kind && !filter.sdg && !filter.callStatus && !filter.availability;
	const parts = [
		...(wantInstitutions ? [institutions] : []),
		...(wantCalls ? [calls] : []),
		...(wantExperts ? [experts] : []),
		...(wantServices ? [services] : [])
	];
	if (!parts.length) return { rows: [] as DirectoryRow[], facets: [] as { facet: string; value: string; count: number }[] };
	const order =
		options.sort === 'closing'
			? sql`(matched.call_status = 'closed'), matched.closes_at asc nulls last, matched.title`
			: options.sort === 'name' || !query
				? sql`lower(matched.title)`
				: sql`matched.rank desc, lower(matched.title)`;
	const result = await db.execute(sql`
		with matched as materialized (${sql.join(parts, sql` union all `)}),
		facets as (
			select 'type' as facet, type as value, count(*)::int as count from matched group by type
			union all select 'country', v, count(*)::int from matched, unnest(countries) v group by v
			union all select 'theme', v, count(*)::int from matched, unnest(themes) v group by v
			union all select 'sdg', v, count(*)::int from matched, unnest(sdgs) v group by v
			union all select 'kind', kind, count(*)::int from matched where kind is not null group by kind
			union all select 'applicant', v, count(*)::int from matched, unnest(applicants) v group by v
			union all select 'callStatus', call_status, count(*)::int from matched where call_status is not null group by call_status
			union all select 'language', v, count(*)::int from matched, unnest(languages) v group by v
			union all select 'availability', availability, count(*)::int from matched where availability is not null group by availability
		)
		select (select coalesce(json_agg(facets), '[]'::json) from facets) as facets,
			(select coalesce(json_agg(page), '[]'::json) from (
				select type, id, title, subtitle, kind, countries, themes, opens_at, closes_at, time_zone, verified_at, centre_of_excellence, availability, is_demo
				from matched order by ${order} limit ${options.limit} offset ${options.offset}
			) page) as rows`);
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
