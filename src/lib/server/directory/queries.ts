import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, entryReport, expert, fundingCall, institution } from '../db/schema';
import type { TFundingCall, TInstitution } from './schema';

/** The rows of a raw SQL answer: both drivers give `{ rows }`, though Drizzle's types do not say so. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

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
	link: value.link ?? null,
	documents: value.documents
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

/** Replaces a call's fields (the secretariat's edit). */
export async function updateCall(db: Executor, id: string, value: TFundingCall, dates: { opensAt: Date; closesAt: Date }, document: SQL): Promise<void> {
	await db.update(fundingCall).set({ ...callColumns(value, dates), document, updatedAt: new Date() }).where(eq(fundingCall.id, id));
}

/** The institution a form names by its exact name or acronym (any capitals), preferring a verified one. */
export async function selectInstitutionIdByName(db: Executor, name: string): Promise<string | undefined> {
	const [row] = await db
		.select({ id: institution.id })
		.from(institution)
		.where(and(sql`(lower(${institution.name}) = lower(${name}) or lower(${institution.acronym}) = lower(${name}))`, sql`${institution.status} <> 'rejected'`))
		.orderBy(sql`${institution.status} = 'verified' desc`, asc(institution.name))
		.limit(1);
	return row?.id;
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
