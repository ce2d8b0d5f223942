import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, entryReport, expert, expertCompetency, fundingCall, importJob, institution, serviceRequest, taxonomyTerm, user } from '../db/schema';
import type { TExpert, TFundingCall, TInstitution, TService } from './schema';

// Both drivers answer raw SQL with `{ rows }`; Drizzle's types do not say so for the generic executor.
const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A name or title (not stemmed) and a description (stemmed in es, pt and en), already folded, as a tsvector. */
export function searchDocument(name: string, body: string): SQL {
	return sql`setweight(to_tsvector('simple', ${name}), 'A') || setweight(to_tsvector('spanish', ${body}), 'C')
		|| setweight(to_tsvector('portuguese', ${body}), 'C') || setweight(to_tsvector('english', ${body}), 'C')`;
}

/** A query read as typed and in the three languages. */
export function searchQuery(text: string): SQL {
	return sql`(websearch_to_tsquery('simple', ${text}) || websearch_to_tsquery('spanish', ${text}) || websearch_to_tsquery('portuguese', ${text}) || websearch_to_tsquery('english', ${text}))`;
}

const institutionColumns = (value: TInstitution) => ({
	name: value.name,
	acronym: value.acronym || null,
	kind: value.kind,
	countryCode: value.countryCode,
	countriesServed: value.countriesServed,
	themes: value.themes,
	description: value.description,
	website: value.website ?? null,
	email: value.email ?? null,
	phone: value.phone ?? null,
	parentId: value.parentId ?? null,
	networkMember: value.networkMember,
	memberSince: value.memberSince ?? null,
	centreOfExcellence: value.centreOfExcellence,
	excellenceThemes: value.excellenceThemes,
	excellenceRecognisedOn: value.excellenceRecognisedOn ?? null,
	excellenceBasis: value.excellenceBasis ?? null
});

/** Inserts an institution with its search document; returns its id. */
export async function insertInstitution(
	db: Executor,
	value: TInstitution,
	meta: { status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(institution)
		.values({
			...institutionColumns(value),
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: institution.id });
	return row.id;
}

/** Replaces an institution's fields (the secretariat's edit). */
export async function updateInstitution(db: Executor, id: string, value: TInstitution, document: SQL): Promise<void> {
	await db.update(institution).set({ ...institutionColumns(value), document, updatedAt: new Date() }).where(eq(institution.id, id));
}

/** Whether an institution of that name (any capitals) exists in that country, other than `exceptId`. */
export async function institutionNameTaken(db: Executor, name: string, countryCode: string, exceptId?: string): Promise<boolean> {
	const rows = await db
		.select({ id: institution.id })
		.from(institution)
		.where(and(sql`lower(${institution.name}) = lower(${name})`, eq(institution.countryCode, countryCode), exceptId ? sql`${institution.id} <> ${exceptId}` : undefined))
		.limit(1);
	return rows.length > 0;
}

/** One institution. */
export async function selectInstitution(db: Executor, id: string) {
	const [row] = await db.select().from(institution).where(eq(institution.id, id)).limit(1);
	return row;
}

/** Names of institutions by id (for parents and funders). */
export async function selectInstitutionNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await db.select({ id: institution.id, name: institution.name }).from(institution).where(sql`${institution.id} in ${ids}`);
	return new Map(rows.map((row) => [row.id, row.name]));
}

const callColumns = (value: TFundingCall, dates: { opensAt: Date; closesAt: Date }) => ({
	funderId: value.funderId,
	title: value.title,
	description: value.description,
	themes: value.themes,
	sdgs: value.sdgs,
	eligibleCountries: value.eligibleCountries,
	eligibleApplicants: value.eligibleApplicants,
	sizeBands: value.sizeBands,
	amountMin: value.amountMin ?? null,
	amountMax: value.amountMax ?? null,
	currency: value.currency ?? null,
	cofinancingPercent: value.cofinancingPercent ?? null,
	opensAt: dates.opensAt,
	closesAt: dates.closesAt,
	timeZone: value.timeZone,
	howToApply: value.howToApply,
	link: value.link ?? null
});

/** Inserts a funding call; returns its id. */
export async function insertCall(
	db: Executor,
	value: TFundingCall,
	meta: { opensAt: Date; closesAt: Date; status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(fundingCall)
		.values({
			...callColumns(value, meta),
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: fundingCall.id });
	return row.id;
}

/** One funding call. */
export async function selectCall(db: Executor, id: string) {
	const [row] = await db.select().from(fundingCall).where(eq(fundingCall.id, id)).limit(1);
	return row;
}

/** The verified calls of a funder, latest closing first. */
export async function selectCallsOf(db: Executor, funderId: string) {
	return db
		.select({ id: fundingCall.id, title: fundingCall.title, opensAt: fundingCall.opensAt, closesAt: fundingCall.closesAt })
		.from(fundingCall)
		.where(and(eq(fundingCall.funderId, funderId), eq(fundingCall.status, 'verified')))
		.orderBy(sql`${fundingCall.closesAt} desc`)
		.limit(100);
}

/** Records a moderation decision on an entry. */
export async function updateModeration(
	db: Executor,
	table: 'institution' | 'funding_call' | 'expert' | 'service',
	id: string,
	decision: { status: 'verified' | 'rejected'; by: string; reason: string | null }
): Promise<boolean> {
	const target = table === 'institution' ? institution : table === 'expert' ? expert : table === 'service' ? cooperationService : fundingCall;
	const rows = await db
		.update(target)
		.set({
			status: decision.status,
			verifiedAt: decision.status === 'verified' ? new Date() : null,
			verifiedBy: decision.status === 'verified' ? decision.by : null,
			rejectionReason: decision.reason,
			updatedAt: new Date()
		})
		.where(eq(target.id, id))
		.returning({ id: target.id });
	return rows.length > 0;
}

/** Entries waiting for the secretariat, oldest first. */
export async function selectPending(db: Executor) {
	const result = await db.execute(sql`
		select 'institution' as type, id, name as title, created_at from ${institution} where status = 'pending'
		union all select 'funding_call', id, title, created_at from ${fundingCall} where status = 'pending'
		union all select 'expert', id, name, created_at from ${expert} where status = 'pending'
		union all select 'service', id, name, created_at from ${cooperationService} where status = 'pending'
		order by created_at limit 200`);
	return rowsOf<{ type: 'institution' | 'funding_call' | 'expert' | 'service'; id: string; title: string; created_at: string | Date }>(result);
}

/** Which of these codes are active terms of a facet. */
export async function selectActiveTerms(db: Executor, facet: string, codes: string[]): Promise<Set<string>> {
	if (!codes.length) return new Set();
	const rows = await db
		.select({ code: taxonomyTerm.code })
		.from(taxonomyTerm)
		.where(and(eq(taxonomyTerm.facet, facet), eq(taxonomyTerm.active, true), sql`${taxonomyTerm.code} in ${codes}`))
		.orderBy(asc(taxonomyTerm.code));
	return new Set(rows.map((row) => row.code));
}

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

const expertColumns = (value: TExpert) => ({
	name: value.name,
	headline: value.headline,
	bio: value.bio,
	languages: value.languages,
	countries: value.countries,
	organisationId: value.organisationId ?? null,
	availability: value.availability,
	feeMin: value.feeMin ?? null,
	feeMax: value.feeMax ?? null,
	feeCurrency: value.feeCurrency ?? null,
	email: value.email ?? null,
	phone: value.phone ?? null,
	website: value.website ?? null,
	consentOn: value.consentOn ?? null,
	consentNote: value.consentNote ?? null
});

/** Inserts an expert profile with its competencies; returns its id. */
export async function insertExpert(
	db: Executor,
	value: TExpert,
	meta: { userId: string | null; status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(expert)
		.values({
			...expertColumns(value),
			userId: meta.userId,
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: expert.id });
	await replaceCompetencies(db, row.id, value.competencies);
	return row.id;
}

/** Replaces a profile's fields and competencies. */
export async function updateExpert(db: Executor, id: string, value: TExpert, document: SQL): Promise<void> {
	await db.update(expert).set({ ...expertColumns(value), document, updatedAt: new Date() }).where(eq(expert.id, id));
	await db.delete(expertCompetency).where(eq(expertCompetency.expertId, id));
	await replaceCompetencies(db, id, value.competencies);
}

async function replaceCompetencies(db: Executor, expertId: string, competencies: { theme: string; level: string }[]) {
	if (competencies.length) await db.insert(expertCompetency).values(competencies.map((item) => ({ expertId, ...item })));
}

/** One expert profile (without the CV's bytes) and its competencies. */
export async function selectExpert(db: Executor, id: string) {
	const [row] = await db
		.select({
			id: expert.id,
			userId: expert.userId,
			name: expert.name,
			headline: expert.headline,
			bio: expert.bio,
			languages: expert.languages,
			countries: expert.countries,
			municipalityIds: expert.municipalityIds,
			organisationId: expert.organisationId,
			availability: expert.availability,
			feeMin: expert.feeMin,
			feeMax: expert.feeMax,
			feeCurrency: expert.feeCurrency,
			email: expert.email,
			phone: expert.phone,
			website: expert.website,
			consentOn: expert.consentOn,
			consentNote: expert.consentNote,
			cvFileName: expert.cvFileName,
			status: expert.status,
			verifiedAt: expert.verifiedAt,
			rejectionReason: expert.rejectionReason,
			proposedBy: expert.proposedBy,
			isDemo: expert.isDemo,
			createdAt: expert.createdAt,
			updatedAt: expert.updatedAt
		})
		.from(expert)
		.where(eq(expert.id, id))
		.limit(1);
	if (!row) return undefined;
	const competencies = await db
		.select({ theme: expertCompetency.theme, level: expertCompetency.level })
		.from(expertCompetency)
		.where(eq(expertCompetency.expertId, id))
		.orderBy(asc(expertCompetency.theme));
	return { ...row, competencies };
}

/** The profile linked to a user account, if any. */
export async function selectExpertIdOfUser(db: Executor, userId: string): Promise<string | undefined> {
	const [row] = await db.select({ id: expert.id }).from(expert).where(eq(expert.userId, userId)).limit(1);
	return row?.id;
}

/** Stores (or replaces) an expert's CV. */
export async function updateExpertCv(db: Executor, id: string, cv: { fileName: string; contentType: string; bytes: Buffer }): Promise<void> {
	await db.update(expert).set({ cvFileName: cv.fileName, cvContentType: cv.contentType, cv: cv.bytes, updatedAt: new Date() }).where(eq(expert.id, id));
}

/** An expert's CV file. */
export async function selectExpertCv(db: Executor, id: string) {
	const [row] = await db
		.select({ fileName: expert.cvFileName, contentType: expert.cvContentType, bytes: expert.cv, status: expert.status, userId: expert.userId, proposedBy: expert.proposedBy })
		.from(expert)
		.where(eq(expert.id, id))
		.limit(1);
	return row;
}

/** Deletes an expert profile (competencies go with it). */
export async function deleteExpert(db: Executor, id: string): Promise<void> {
	await db.delete(expert).where(eq(expert.id, id));
}

const serviceColumns = (value: TService) => ({
	institutionId: value.institutionId,
	name: value.name,
	description: value.description,
	kind: value.kind,
	serviceStatus: value.serviceStatus,
	eligibility: value.eligibility,
	eligibleApplicants: value.eligibleApplicants,
	languages: value.languages,
	serviceAreas: value.serviceAreas,
	themes: value.themes,
	cost: value.cost,
	costDetails: value.costDetails,
	howToRequest: value.howToRequest
});

/** Inserts a cooperation service; returns its id. */
export async function insertService(
	db: Executor,
	value: TService,
	meta: { providerUserId: string; status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(cooperationService)
		.values({
			...serviceColumns(value),
			providerUserId: meta.providerUserId,
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: cooperationService.id });
	return row.id;
}

/** One service with its provider institution's name and the provider contact's e-mail. */
export async function selectService(db: Executor, id: string) {
	const [row] = await db
		.select({ service: cooperationService, institutionName: institution.name, providerEmail: user.email })
		.from(cooperationService)
		.innerJoin(institution, eq(institution.id, cooperationService.institutionId))
		.leftJoin(user, eq(user.id, cooperationService.providerUserId))
		.where(eq(cooperationService.id, id))
		.limit(1);
	return row;
}

/** Stores a request to a service; returns its id. */
export async function insertServiceRequest(db: Executor, values: { serviceId: string; requesterId: string; municipalityId: string | null; message: string }): Promise<string> {
	const [row] = await db.insert(serviceRequest).values(values).returning({ id: serviceRequest.id });
	return row.id;
}

/** The requests to the services a provider answers (or all, for the secretariat), newest first. */
export async function selectInbox(db: Executor, providerUserId: string | null) {
	const requester = user;
	return db
		.select({
			id: serviceRequest.id,
			serviceId: cooperationService.id,
			serviceName: cooperationService.name,
			requesterName: requester.name,
			requesterEmail: requester.email,
			municipalityId: serviceRequest.municipalityId,
			message: serviceRequest.message,
			status: serviceRequest.status,
			answer: serviceRequest.answer,
			createdAt: serviceRequest.createdAt,
			answeredAt: serviceRequest.answeredAt
		})
		.from(serviceRequest)
		.innerJoin(cooperationService, eq(cooperationService.id, serviceRequest.serviceId))
		.leftJoin(requester, eq(requester.id, serviceRequest.requesterId))
		.where(providerUserId ? eq(cooperationService.providerUserId, providerUserId) : undefined)
		.orderBy(sql`${serviceRequest.createdAt} desc`)
		.limit(200);
}

/** One request with its service's provider, locked for the answer. */
export async function selectRequestForUpdate(db: Executor, id: string) {
	const [row] = await db
		.select({ request: serviceRequest, providerUserId: cooperationService.providerUserId, serviceName: cooperationService.name })
		.from(serviceRequest)
		.innerJoin(cooperationService, eq(cooperationService.id, serviceRequest.serviceId))
		.where(eq(serviceRequest.id, id))
		.for('update', { of: serviceRequest })
		.limit(1);
	return row;
}

/** Records the provider's answer. */
export async function updateRequestAnswer(db: Executor, id: string, answer: string, by: string): Promise<void> {
	await db.update(serviceRequest).set({ answer, answeredBy: by, answeredAt: new Date(), status: 'answered' }).where(eq(serviceRequest.id, id));
}

/** The e-mail of a user. */
export async function selectUserEmail(db: Executor, id: string): Promise<string | undefined> {
	const [row] = await db.select({ email: user.email }).from(user).where(eq(user.id, id)).limit(1);
	return row?.email;
}

/** Verified institutions for the Popolo export (public fields only), by name. */
export async function selectVerifiedInstitutions(db: Executor) {
	return db
		.select({
			id: institution.id,
			name: institution.name,
			acronym: institution.acronym,
			kind: institution.kind,
			countryCode: institution.countryCode,
			countriesServed: institution.countriesServed,
			themes: institution.themes,
			description: institution.description,
			website: institution.website,
			email: institution.email,
			phone: institution.phone,
			parentId: institution.parentId,
			networkMember: institution.networkMember,
			memberSince: institution.memberSince,
			centreOfExcellence: institution.centreOfExcellence,
			excellenceThemes: institution.excellenceThemes,
			verifiedAt: institution.verifiedAt
		})
		.from(institution)
		.where(eq(institution.status, 'verified'))
		.orderBy(asc(institution.name));
}

/** Verified experts for the Popolo export: public fields only, never e-mail, phone or CV. */
export async function selectVerifiedExpertsPublic(db: Executor) {
	return db
		.select({
			id: expert.id,
			name: expert.name,
			headline: expert.headline,
			bio: expert.bio,
			languages: expert.languages,
			countries: expert.countries,
			organisationId: expert.organisationId,
			availability: expert.availability,
			website: expert.website,
			themes: sql<string[]>`array(select k.theme || ':' || k.level from ${expertCompetency} k where k.expert_id = ${expert.id} order by k.theme)`
		})
		.from(expert)
		.where(eq(expert.status, 'verified'))
		.orderBy(asc(expert.name));
}

/** Verified services with their organisation's name, for the HSDS export. */
export async function selectVerifiedServices(db: Executor) {
	return db
		.select({ service: cooperationService, organizationName: institution.name })
		.from(cooperationService)
		.innerJoin(institution, eq(institution.id, cooperationService.institutionId))
		.where(eq(cooperationService.status, 'verified'))
		.orderBy(asc(cooperationService.name));
}

/** Verified calls with their funder's name, for the CSV export. */
export async function selectVerifiedCalls(db: Executor) {
	return db
		.select({ call: fundingCall, funderName: institution.name })
		.from(fundingCall)
		.innerJoin(institution, eq(institution.id, fundingCall.funderId))
		.where(eq(fundingCall.status, 'verified'))
		.orderBy(asc(fundingCall.closesAt));
}

/** Stores a report that an entry is out of date; returns its id. */
export async function insertReport(db: Executor, values: { entryType: string; entryId: string; reporterId: string; note: string }): Promise<string> {
	const [row] = await db.insert(entryReport).values(values).returning({ id: entryReport.id });
	return row.id;
}

/** Open reports with the entry's name, oldest first. */
export async function selectOpenReports(db: Executor) {
	const result = await db.execute(sql`
		select r.id, r.entry_type, r.entry_id, r.note, r.created_at,
			coalesce(i.name, c.title, e.name, s.name) as title
		from ${entryReport} r
		left join ${institution} i on r.entry_type = 'institution' and i.id = r.entry_id
		left join ${fundingCall} c on r.entry_type = 'funding_call' and c.id = r.entry_id
		left join ${expert} e on r.entry_type = 'expert' and e.id = r.entry_id
		left join ${cooperationService} s on r.entry_type = 'service' and s.id = r.entry_id
		where r.resolved_at is null order by r.created_at limit 200`);
	return rowsOf<{ id: string; entry_type: 'institution' | 'funding_call' | 'expert' | 'service'; entry_id: string; note: string; created_at: string | Date; title: string | null }>(result);
}

/** Closes every open report of an entry. */
export async function resolveReports(db: Executor, entryType: string, entryId: string, by: string, resolution: string): Promise<number> {
	const rows = await db
		.update(entryReport)
		.set({ resolvedAt: new Date(), resolvedBy: by, resolution })
		.where(and(eq(entryReport.entryType, entryType), eq(entryReport.entryId, entryId), sql`${entryReport.resolvedAt} is null`))
		.returning({ id: entryReport.id });
	return rows.length;
}

/** Whether a verified entry of that type exists. */
export async function entryExists(db: Executor, entryType: 'institution' | 'funding_call' | 'expert' | 'service', id: string): Promise<boolean> {
	const table = entryType === 'institution' ? institution : entryType === 'expert' ? expert : entryType === 'service' ? cooperationService : fundingCall;
	const rows = await db.select({ id: table.id }).from(table).where(and(eq(table.id, id), eq(table.status, 'verified'))).limit(1);
	return rows.length > 0;
}

/** Deletes every demonstration entry of the directory (requests, follows and competencies go with them). */
export async function deleteDemoDirectory(db: Executor): Promise<number> {
	let removed = 0;
	removed += (await db.delete(cooperationService).where(eq(cooperationService.isDemo, true)).returning({ id: cooperationService.id })).length;
	removed += (await db.delete(fundingCall).where(eq(fundingCall.isDemo, true)).returning({ id: fundingCall.id })).length;
	removed += (await db.delete(expert).where(eq(expert.isDemo, true)).returning({ id: expert.id })).length;
	// Real entries may point at a demo institution (a parent, an expert's organisation, a funder); those stay.
	removed += (
		await db
			.delete(institution)
			.where(
				and(
					eq(institution.isDemo, true),
					sql`not exists (select 1 from ${fundingCall} c where c.funder_id = ${institution.id})`,
					sql`not exists (select 1 from ${cooperationService} s where s.institution_id = ${institution.id})`
				)
			)
			.returning({ id: institution.id })
	).length;
	return removed;
}

/** Marks directory entries as demonstration data. */
export async function markDirectoryDemo(db: Executor, type: 'institution' | 'funding_call' | 'expert' | 'service', id: string): Promise<void> {
	const table = type === 'institution' ? institution : type === 'expert' ? expert : type === 'service' ? cooperationService : fundingCall;
	await db.update(table).set({ isDemo: true }).where(eq(table.id, id));
}

/** Stores an uploaded import; returns its id. */
export async function insertImportJob(db: Executor, values: { entryType: string; fileName: string; csv: string; mapping: Record<string, string>; rowCount: number; createdBy: string }): Promise<string> {
	const [row] = await db.insert(importJob).values(values).returning({ id: importJob.id });
	return row.id;
}

/** One import job. */
export async function selectImportJob(db: Executor, id: string) {
	const [row] = await db.select().from(importJob).where(eq(importJob.id, id)).limit(1);
	return row;
}

/** Updates an import job. */
export async function updateImportJob(db: Executor, id: string, values: Partial<typeof importJob.$inferInsert>): Promise<void> {
	await db.update(importJob).set(values).where(eq(importJob.id, id));
}

/** Institution ids by lower-cased name (to find funders named in a CSV). */
export async function selectInstitutionIdsByName(db: Executor, names: string[]): Promise<Map<string, string>> {
	if (!names.length) return new Map();
	const rows = await db
		.select({ id: institution.id, name: institution.name })
		.from(institution)
		.where(and(sql`lower(${institution.name}) in ${names.map((name) => name.toLowerCase())}`, sql`${institution.status} <> 'rejected'`));
	return new Map(rows.map((row) => [row.name.toLowerCase(), row.id]));
}

/** Which (lower-cased name, country) pairs already exist among institutions. */
export async function selectExistingInstitutionKeys(db: Executor): Promise<Set<string>> {
	const rows = await db.select({ name: institution.name, country: institution.countryCode }).from(institution);
	return new Set(rows.map((row) => `${row.name.toLowerCase()}|${row.country}`));
}
