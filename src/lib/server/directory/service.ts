import { recordAudit } from '../audit';
import type { Actor, Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError, type FieldIssue } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { pageWindow } from '../pagination';
import { hasRole, requireActor, requireRole } from '../policy';
import { callStatus, instantToZonedTime, zonedTimeToInstant, type CallStatus } from './call-status';
import { parseId } from './ids';
import * as queries from './queries';
import * as searchQueries from './search-queries';
import { ZDirectoryQuery, ZFundingCall, ZInstitution, type TDirectoryQuery, type TFundingCall, type TInstitution } from './schema';
import { findActiveTerms } from '../taxonomy';


/** Folds accents and capitals, so search is accent-insensitive on PostgreSQL and PGlite alike. */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

async function checkTerms(db: Executor, fields: { field: string; facet: 'theme' | 'sdg'; codes: string[] }[]): Promise<void> {
	const issues: FieldIssue[] = [];
	for (const { field, facet, codes } of fields) {
		const known = await findActiveTerms(db, facet, codes);
		if (codes.some((code) => !known.has(code))) issues.push({ field, messageKey: 'error_field_invalid' });
	}
	if (issues.length) throw new AppError('VALIDATION', { fields: issues });
}

// The form names the parent by name or acronym, the API by id. When the name is still the current parent's, that
// parent stays, even if another institution elsewhere has the same name.
async function resolveParent(db: Executor, value: TInstitution, currentParentId: string | null): Promise<TInstitution> {
	if (value.parentId || !value.parentName) return value;
	if (currentParentId) {
		const current = await queries.selectInstitution(db, currentParentId);
		const named = value.parentName.toLowerCase();
		if (current && (current.name.toLowerCase() === named || current.acronym?.toLowerCase() === named)) return { ...value, parentId: currentParentId };
	}
	const parentId = await queries.selectInstitutionIdByName(db, value.parentName);
	if (!parentId) throw new AppError('VALIDATION', { fields: [{ field: 'parentName', messageKey: 'error_institution_unknown' }] });
	return { ...value, parentId };
}

// A bad line of the documents box is reported on the box, with its line number, not on a field the form lacks.
function parseCall(input: unknown): TFundingCall {
	try {
		return parseInput(ZFundingCall, input);
	} catch (error) {
		if (!(error instanceof AppError)) throw error;
		const fields = (error.fields ?? []).map((issue) => {
			const line = /^documents\.(\d+)/.exec(issue.field);
			return line ? { field: 'documents', messageKey: 'error_document_line', params: { line: Number(line[1]) + 1 } } : issue;
		});
		throw new AppError('VALIDATION', { fields });
	}
}

// Entries by the secretariat are verified at once; everyone else's wait for moderation.
const moderationFor = (actor: Actor) =>
	hasRole(actor, 'secretariat') ? { status: 'verified', verifiedBy: actor.id } : { status: 'pending', verifiedBy: null };

/**
 * Reads and checks an institution as the form or API sends it, against what is stored: known themes, a parent that
 * exists (named in the form, by id in the API) and is not itself, no other institution of that name in that country.
 */
export async function validateInstitution(tx: Executor, input: unknown, institutionId?: string): Promise<TInstitution> {
	const stored = institutionId ? await queries.selectInstitution(tx, institutionId) : undefined;
	const value = await resolveParent(tx, parseInput(ZInstitution, input), stored?.parentId ?? null);
	await checkTerms(tx, [
		{ field: 'themes', facet: 'theme', codes: value.themes },
		{ field: 'excellenceThemes', facet: 'theme', codes: value.excellenceThemes }
	]);
	if (await queries.institutionNameTaken(tx, value.name, value.countryCode, institutionId)) {
		throw new AppError('CONFLICT', { fields: [{ field: 'name', messageKey: 'error_institution_duplicate' }] });
	}
	const parentField = value.parentName ? 'parentName' : 'parentId';
	if (value.parentId && value.parentId === institutionId) throw new AppError('VALIDATION', { fields: [{ field: parentField, messageKey: 'error_parent_self' }] });
	if (value.parentId && !(await queries.selectInstitution(tx, value.parentId))) {
		throw new AppError('VALIDATION', { fields: [{ field: parentField, messageKey: 'error_institution_unknown' }] });
	}
	return value;
}

/** An institution without what only the secretariat sets: network membership and centre-of-excellence recognition. */
export function withoutSecretariatFields(value: TInstitution): TInstitution {
	return { ...value, networkMember: false, memberSince: undefined, centreOfExcellence: false, excellenceThemes: [], excellenceRecognisedOn: undefined, excellenceBasis: undefined };
}

const institutionDocument = (value: TInstitution) => queries.searchDocument(fold(`${value.name} ${value.acronym ?? ''}`), fold(value.description));

/** A signed-in user proposes an institution (the secretariat's entries are verified at once); the same name in the same country is refused. */
export async function proposeInstitution(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: string }> {
	const actor = requireActor(ctx.actor);
	parseInput(ZInstitution, input);
	return inTransaction(ctx.tx, async (tx) => {
		const checked = await validateInstitution(tx, input);
		// Issue 13 finding 3: membership of the network and recognition as a centre of excellence are the secretariat's
		// to grant; a member's proposal that sets them keeps the rest, without them (the API documents it).
		const value = hasRole(actor, 'secretariat') ? checked : withoutSecretariatFields(checked);
		const moderation = moderationFor(actor);
		const id = await queries.insertInstitution(tx, value, { ...moderation, proposedBy: actor.id, document: institutionDocument(value) });
		await searchQueries.refreshDirectoryListing(tx, { type: 'institution', ids: [id] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.institution_proposed', subjectType: 'institution', subjectId: id, details: { status: moderation.status }, requestId: ctx.requestId });
		return { id, status: moderation.status };
	});
}

/** The secretariat corrects an institution. */
export async function updateInstitution(ctx: ServiceContext, id: unknown, input: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const institutionId = parseId(id);
	parseInput(ZInstitution, input);
	await inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.selectInstitution(tx, institutionId))) throw new AppError('NOT_FOUND');
		const value = await validateInstitution(tx, input, institutionId);
		await queries.updateInstitution(tx, institutionId, value, institutionDocument(value));
		await searchQueries.refreshDirectoryListing(tx, { type: 'institution', ids: [institutionId] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.institution_updated', subjectType: 'institution', subjectId: institutionId, requestId: ctx.requestId });
	});
}

/** Entries older than this without a new verification are flagged as possibly outdated. */
export const REVERIFY_AFTER_DAYS = 365;

const isOutdated = (verifiedAt: Date | null, now: Date) => !!verifiedAt && now.getTime() - verifiedAt.getTime() > REVERIFY_AFTER_DAYS * 86_400_000;

// Verified entries are public; a pending or rejected one only for whoever proposed it and the secretariat.
function canSee(actor: Actor | null, row: { status: string; proposedBy: string | null }): boolean {
	return row.status === 'verified' || hasRole(actor, 'secretariat') || (!!actor && row.proposedBy === actor.id);
}

/** One institution (Popolo-shaped fields), with its parent's name and its calls. */
export async function getInstitution(ctx: ServiceContext, id: unknown, now = new Date()) {
	const db = ctx.tx ?? getDb();
	const row = await queries.selectInstitution(db, parseId(id));
	if (!row || !canSee(ctx.actor, row)) throw new AppError('NOT_FOUND');
	const parents = await queries.selectInstitutionNames(db, row.parentId ? [row.parentId] : []);
	const calls = await queries.selectCallsOf(db, row.id);
	return {
		id: row.id,
		name: row.name,
		acronym: row.acronym,
		kind: row.kind,
		countryCode: row.countryCode,
		countriesServed: row.countriesServed,
		themes: row.themes,
		description: row.description,
		website: row.website,
		email: row.email,
		phone: row.phone,
		parent: row.parentId ? { id: row.parentId, name: parents.get(row.parentId) ?? '' } : null,
		networkMember: row.networkMember,
		memberSince: row.memberSince,
		centreOfExcellence: row.centreOfExcellence ? { themes: row.excellenceThemes, recognisedOn: row.excellenceRecognisedOn, basis: row.excellenceBasis } : null,
		status: row.status,
		verifiedAt: row.verifiedAt?.toISOString() ?? null,
		possiblyOutdated: isOutdated(row.verifiedAt, now),
		rejectionReason: canModerate(ctx.actor) || row.proposedBy === ctx.actor?.id ? row.rejectionReason : null,
		canEdit: canModerate(ctx.actor),
		canPropose: !!ctx.actor && row.status === 'verified',
		isDemo: row.isDemo,
		calls: calls.map((call) => ({ id: call.id, title: call.title, closesAt: call.closesAt.toISOString(), status: callStatus(call, now) }))
	};
}

const canModerate = (actor: Actor | null) => hasRole(actor, 'secretariat');

/** Reads and checks a call as the form or API sends it: a funder that is not rejected, known themes and SDGs; dates read in its zone. */
export async function validateCall(tx: Executor, input: unknown) {
	const value = parseCall(input);
	const dates = { opensAt: zonedTimeToInstant(value.opensAt, value.timeZone), closesAt: zonedTimeToInstant(value.closesAt, value.timeZone) };
	const funder = await queries.selectInstitution(tx, value.funderId);
	if (!funder || funder.status === 'rejected') throw new AppError('VALIDATION', { fields: [{ field: 'funderId', messageKey: 'error_funder_required' }] });
	await checkTerms(tx, [
		{ field: 'themes', facet: 'theme', codes: value.themes },
		{ field: 'sdgs', facet: 'sdg', codes: value.sdgs }
	]);
	const document = queries.searchDocument(fold(`${value.title} ${funder.name} ${funder.acronym ?? ''}`), fold(`${value.description} ${value.howToApply}`));
	return { value, dates, document };
}

/** A signed-in user proposes a funding call of a known funder; dates are read in the call's time zone. */
export async function proposeCall(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: string }> {
	const actor = requireActor(ctx.actor);
	parseCall(input);
	return inTransaction(ctx.tx, async (tx) => {
		const { value, dates, document } = await validateCall(tx, input);
		const moderation = moderationFor(actor);
		const id = await queries.insertCall(tx, value, { ...dates, ...moderation, proposedBy: actor.id, document });
		await searchQueries.refreshDirectoryListing(tx, { type: 'funding_call', ids: [id] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.call_proposed', subjectType: 'funding_call', subjectId: id, details: { status: moderation.status }, requestId: ctx.requestId });
		return { id, status: moderation.status };
	});
}

/** The secretariat corrects a funding call; dates are read in the call's time zone as when it was proposed. */
export async function updateCall(ctx: ServiceContext, id: unknown, input: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const callId = parseId(id);
	parseCall(input);
	await inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.selectCall(tx, callId))) throw new AppError('NOT_FOUND');
		const { value, dates, document } = await validateCall(tx, input);
		await queries.updateCall(tx, callId, value, dates, document);
		await searchQueries.refreshDirectoryListing(tx, { type: 'funding_call', ids: [callId] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.call_updated', subjectType: 'funding_call', subjectId: callId, requestId: ctx.requestId });
	});
}

/** One funding call with its status now and its dates in the funder's time zone. */
export async function getCall(ctx: ServiceContext, id: unknown, now = new Date()) {
	const db = ctx.tx ?? getDb();
	const row = await queries.selectCall(db, parseId(id));
	if (!row || !canSee(ctx.actor, row)) throw new AppError('NOT_FOUND');
	const funder = await queries.selectInstitution(db, row.funderId);
	return {
		id: row.id,
		title: row.title,
		description: row.description,
		funder: { id: row.funderId, name: funder?.name ?? '', acronym: funder?.acronym ?? null },
		themes: row.themes,
		sdgs: row.sdgs,
		eligibleCountries: row.eligibleCountries,
		eligibleApplicants: row.eligibleApplicants,
		sizeBands: row.sizeBands,
		amount: row.amountMin !== null || row.amountMax !== null ? { min: row.amountMin, max: row.amountMax, currency: row.currency } : null,
		cofinancingPercent: row.cofinancingPercent,
		opensAt: row.opensAt.toISOString(),
		closesAt: row.closesAt.toISOString(),
		timeZone: row.timeZone,
		opensLocal: instantToZonedTime(row.opensAt, row.timeZone),
		closesLocal: instantToZonedTime(row.closesAt, row.timeZone),
		callStatus: callStatus(row, now) as CallStatus,
		howToApply: row.howToApply,
		link: row.link,
		documents: row.documents,
		canEdit: canModerate(ctx.actor),
		canPropose: !!ctx.actor && row.status === 'verified',
		status: row.status,
		verifiedAt: row.verifiedAt?.toISOString() ?? null,
		possiblyOutdated: isOutdated(row.verifiedAt, now),
		isDemo: row.isDemo
	};
}

/** A directory hit. */
export interface DirectoryItem {
	type: 'institution' | 'funding_call' | 'expert' | 'service';
	id: string;
	title: string;
	subtitle: string | null;
	kind: string | null;
	countries: string[];
	themes: string[];
	closesAt: string | null;
	callStatus: CallStatus | null;
	verifiedAt: string | null;
	possiblyOutdated: boolean;
	centreOfExcellence: boolean;
	availability: string | null;
	isDemo: boolean;
}

/** Searches verified institutions and funding calls from one box, with facets; calls can be sorted by closing date. */
export async function searchDirectory(ctx: { locale: Locale; tx?: Executor }, input: unknown, now = new Date()) {
	const query: TDirectoryQuery = parseInput(ZDirectoryQuery, input);
	const text = query.q ? fold(query.q) : '';
	const sort = query.sort ?? (text ? 'relevance' : query.type === 'funding_call' || query.callStatus ? 'closing' : 'name');
	const { rows, facets: counts } = await searchQueries.selectDirectoryPage(
		ctx.tx ?? getDb(),
		{ ...query, text: text || undefined },
		{ sort, ...pageWindow(query), now }
	);
	const facets: Record<string, { value: string; count: number }[]> = {
		type: [],
		country: [],
		theme: [],
		sdg: [],
		kind: [],
		applicant: [],
		callStatus: [],
		language: [],
		availability: []
	};
	for (const row of counts) (facets[row.facet] ??= []).push({ value: row.value, count: row.count });
	for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
	const total = facets.type.reduce((sum, item) => sum + item.count, 0);
	const items: DirectoryItem[] = rows.map((row) => {
		const closes = row.closes_at ? new Date(row.closes_at) : null;
		const verifiedAt = row.verified_at ? new Date(row.verified_at) : null;
		return {
			type: row.type,
			id: row.id,
			title: row.title,
			subtitle: row.subtitle,
			kind: row.kind,
			countries: row.countries,
			themes: row.themes,
			closesAt: closes?.toISOString() ?? null,
			callStatus: closes && row.opens_at ? callStatus({ opensAt: new Date(row.opens_at), closesAt: closes }, now) : null,
			verifiedAt: verifiedAt?.toISOString() ?? null,
			possiblyOutdated: isOutdated(verifiedAt, now),
			centreOfExcellence: row.centre_of_excellence,
			availability: row.availability,
			isDemo: row.is_demo
		};
	});
	return { items, total, facets, page: query.page, pageSize: query.pageSize, query: { ...query, sort } };
}

/** Institutions for a form's choice of funder or parent (verified ones, by name). */
export async function listInstitutionChoices(ctx: { tx?: Executor }, ids: string[]) {
	return queries.selectInstitutionNames(ctx.tx ?? getDb(), ids);
}

const ZCalendarQuery = ZDirectoryQuery.pick({ theme: true, country: true });

/**
 * The iCalendar (RFC 5545) feed of call deadlines (ahead, or closed in the last 30 days): one event at each closing
 * instant, written in UTC so every client shows it right in its own zone; the funder's local time is in the text.
 */
export async function getCallCalendar(ctx: { locale: Locale; tx?: Executor }, input: unknown, options: { origin: string; name: string; now?: Date }) {
	const filter = parseInput(ZCalendarQuery, input);
	const now = options.now ?? new Date();
	const rows = await searchQueries.selectCallDeadlines(ctx.tx ?? getDb(), filter, new Date(now.getTime() - 30 * 86_400_000));
	const { default: ical } = await import('ical-generator');
	const calendar = ical({ name: options.name, prodId: { company: 'Cabildo', product: 'funding-calls', language: ctx.locale.toUpperCase() }, ttl: 3600 });
	for (const row of rows) {
		calendar.createEvent({
			id: `${row.id}@cabildo`,
			start: row.closesAt,
			end: new Date(row.closesAt.getTime() + 30 * 60_000),
			stamp: row.updatedAt,
			summary: `${row.title} (${row.funder})`,
			description: `${instantToZonedTime(row.closesAt, row.timeZone).replace('T', ' ')} (${row.timeZone})\n\n${row.description.slice(0, 2000)}`,
			url: `${options.origin}/directorio/convocatorias/${row.id}`
		});
	}
	return calendar.toString();
}
