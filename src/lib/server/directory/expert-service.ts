import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Actor, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError, type FieldIssue } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { checkAttachment } from '../files';
import { hasRole, requireActor, requireRole } from '../policy';
import { consumeRateLimits, rateRules } from '../rate-limit';
import * as queries from './queries';
import * as correctionQueries from './correction-queries';
import * as expertQueries from './expert-queries';
import * as searchQueries from './search-queries';
import { expertIdentityFields, ZExpert, type TExpert } from './schema';
import { fold } from './service';
import { findActiveTerms } from '../taxonomy';

const ZId = z.uuid();

function parseId(id: unknown): string {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}

/** Who may see an expert's e-mail and phone: signed-in municipal officials, the secretariat and council members. */
export function maySeeContacts(actor: Actor | null): boolean {
	if (!actor) return false;
	return hasRole(actor, 'secretariat') || actor.roles.some((grant) => grant.role === 'municipal_official' || grant.role === 'council_member');
}

const isOwner = (actor: Actor | null, row: { userId: string | null }) => !!actor && row.userId === actor.id;

type ExpertIdentity = Record<(typeof expertIdentityFields)[number], string>;

// A profile's identity fields as strings ('' for none), as a correction stores them.
const identityOf = (value: { name: string; organisationId?: string | null; website?: string | null; email?: string | null; phone?: string | null }): ExpertIdentity => ({
	name: value.name,
	organisationId: value.organisationId ?? '',
	website: value.website ?? '',
	email: value.email ?? '',
	phone: value.phone ?? ''
});

// The profile as stored, as its edit would send it: what a correction is applied onto and checked with.
const inputOf = (row: NonNullable<Awaited<ReturnType<typeof expertQueries.selectExpert>>>, identity: ExpertIdentity) => {
	const optional = (text: string | null) => (text ? text : undefined);
	return {
		name: identity.name,
		headline: row.headline,
		bio: row.bio,
		competencies: row.competencies,
		languages: row.languages,
		countries: row.countries,
		municipalityIds: row.municipalityIds,
		experienceIds: row.experienceIds,
		organisationId: optional(identity.organisationId),
		availability: row.availability,
		feeMin: row.feeMin ?? undefined,
		feeMax: row.feeMax ?? undefined,
		feeCurrency: row.feeCurrency ?? undefined,
		email: optional(identity.email),
		phone: optional(identity.phone),
		website: optional(identity.website),
		consentOn: row.consentOn ?? undefined,
		consentNote: row.consentNote ?? undefined
	};
};

// Checks a profile against what is stored and finds the organisation the form names; returns the value to store.
// When the name is still the current organisation's, that one stays, even if another elsewhere has the same name.
async function checkExpert(db: Executor, value: TExpert, currentOrganisationId: string | null = null): Promise<TExpert> {
	const issues: FieldIssue[] = [];
	const themes = value.competencies.map((item) => item.theme);
	const known = await findActiveTerms(db, 'theme', themes);
	if (themes.some((theme) => !known.has(theme))) issues.push({ field: 'competencies', messageKey: 'error_field_invalid' });
	let organisationId = value.organisationId;
	if (!organisationId && value.organisationName && currentOrganisationId) {
		const current = await queries.selectInstitution(db, currentOrganisationId);
		const named = value.organisationName.toLowerCase();
		if (current && (current.name.toLowerCase() === named || current.acronym?.toLowerCase() === named)) organisationId = currentOrganisationId;
	}
	if (!organisationId && value.organisationName) {
		organisationId = await queries.selectInstitutionIdByName(db, value.organisationName);
		if (!organisationId) issues.push({ field: 'organisationName', messageKey: 'error_institution_unknown' });
	} else if (organisationId && !(await queries.selectInstitution(db, organisationId))) issues.push({ field: 'organisationId', messageKey: 'error_field_invalid' });
	const municipalities = await expertQueries.selectMunicipalityNames(db, value.municipalityIds);
	if (value.municipalityIds.some((id) => !municipalities.has(id))) issues.push({ field: 'municipalityIds', messageKey: 'error_municipality_unknown' });
	const experiences = await expertQueries.selectPublishedExperienceTitles(db, value.experienceIds);
	if (value.experienceIds.some((id) => !experiences.has(id))) issues.push({ field: 'experienceIds', messageKey: 'error_experience_not_published' });
	if (issues.length) throw new AppError('VALIDATION', { fields: issues });
	return { ...value, organisationId, municipalityIds: [...new Set(value.municipalityIds)], experienceIds: [...new Set(value.experienceIds)] };
}

const documentOf = (value: TExpert) => queries.searchDocument(fold(`${value.name} ${value.headline}`), fold(value.bio));

/**
 * Creates an expert profile: an expert keeps their own (one per account, waiting for verification); the secretariat
 * creates one for someone else only with the date and form of their consent, and it is verified at once.
 */
export async function createExpertProfile(ctx: ServiceContext, input: unknown): Promise<{ id: string; status: string }> {
	const actor = requireActor(ctx.actor);
	const parsed = parseInput(ZExpert, input);
	const bySecretariat = hasRole(actor, 'secretariat');
	if (bySecretariat && (!parsed.consentOn || !parsed.consentNote)) {
		throw new AppError('VALIDATION', { fields: [{ field: parsed.consentOn ? 'consentNote' : 'consentOn', messageKey: 'error_consent_required' }] });
	}
	return inTransaction(ctx.tx, async (tx) => {
		const value = await checkExpert(tx, parsed);
		if (!bySecretariat && (await expertQueries.selectExpertIdOfUser(tx, actor.id))) {
			throw new AppError('CONFLICT', { fields: [{ field: 'name', messageKey: 'error_expert_exists' }] });
		}
		const status = bySecretariat ? 'verified' : 'pending';
		const id = await expertQueries.insertExpert(tx, value, {
			userId: bySecretariat ? null : actor.id,
			status,
			proposedBy: actor.id,
			verifiedBy: bySecretariat ? actor.id : null,
			document: documentOf(value)
		});
		await searchQueries.refreshDirectoryListing(tx, { type: 'expert', ids: [id] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.expert_created', subjectType: 'expert', subjectId: id, details: { status, consentOn: value.consentOn ?? null }, requestId: ctx.requestId });
		return { id, status };
	});
}

/**
 * The expert (owner) or the secretariat updates a profile. On a verified profile the expert's changes to identity
 * fields (expertIdentityFields) wait for the secretariat as a correction, returned here; the rest applies at once.
 */
export async function updateExpertProfile(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ correction: { id: string; fields: string[] } | null }> {
	const actor = requireActor(ctx.actor);
	const expertId = parseId(id);
	return inTransaction(ctx.tx, async (tx) => {
		const row = await expertQueries.selectExpert(tx, expertId);
		if (!row) throw new AppError('NOT_FOUND');
		if (!isOwner(actor, row) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
		const parsed = parseInput(ZExpert, input);
		const checked = await checkExpert(tx, parsed, row.organisationId);
		// The consent recorded when the secretariat created the profile is not on the edit form; it stays.
		const value = { ...checked, consentOn: checked.consentOn ?? row.consentOn ?? undefined, consentNote: checked.consentNote ?? row.consentNote ?? undefined };
		const stored = identityOf(row);
		const proposed = identityOf(value);
		const held = !hasRole(actor, 'secretariat') && row.status === 'verified' ? expertIdentityFields.filter((field) => proposed[field] !== stored[field]) : [];
		// What waits for the secretariat stays as the public, verified profile has it.
		const applied = held.length
			? { ...value, name: row.name, organisationId: row.organisationId ?? undefined, website: row.website ?? undefined, email: row.email ?? undefined, phone: row.phone ?? undefined }
			: value;
		await expertQueries.updateExpert(tx, expertId, applied, documentOf(applied));
		await searchQueries.refreshDirectoryListing(tx, { type: 'expert', ids: [expertId] });
		let correction: { id: string; fields: string[] } | null = null;
		if (held.length) {
			await consumeRateLimits([{ rule: rateRules.correctionPerAccount, subject: actor.id }], { db: tx });
			const changes = Object.fromEntries(held.map((field) => [field, proposed[field]]));
			correction = { id: await correctionQueries.insertCorrection(tx, { entryType: 'expert', entryId: expertId, proposed: changes, note: '', proposedBy: actor.id }), fields: held };
			await recordAudit(tx, { actorId: actor.id, action: 'directory.correction_proposed', subjectType: 'expert', subjectId: expertId, details: { correctionId: correction.id, fields: held }, requestId: ctx.requestId });
		}
		await recordAudit(tx, { actorId: actor.id, action: 'directory.expert_updated', subjectType: 'expert', subjectId: expertId, details: correction ? { heldForReview: held } : undefined, requestId: ctx.requestId });
		return { correction };
	});
}

/**
 * The identity fields of a profile (for the secretariat's correction queue), the organisation by its name; with the
 * proposed values given, those too.
 */
export async function getExpertIdentity(ctx: ServiceContext, id: unknown, proposed: Record<string, string> = {}) {
	requireRole(ctx.actor, 'secretariat');
	const db = ctx.tx ?? getDb();
	const row = await expertQueries.selectExpert(db, parseId(id));
	if (!row) throw new AppError('NOT_FOUND');
	const values = identityOf(row);
	const organisations = await queries.selectInstitutionNames(db, [values.organisationId, proposed.organisationId ?? ''].filter(Boolean));
	const named = (identity: Record<string, string>) => (identity.organisationId ? { ...identity, organisationId: organisations.get(identity.organisationId) ?? identity.organisationId } : identity);
	return { title: row.name, status: row.status, values, shown: named(values), proposedShown: named(proposed) };
}

/**
 * The secretariat applies a correction of a profile's identity fields onto the profile as it is now, checked as an
 * edit is (formats, an organisation that still exists); nothing else of the profile changes.
 */
export async function applyExpertCorrection(ctx: ServiceContext, id: string, proposed: Record<string, string>): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	await inTransaction(ctx.tx, async (tx) => {
		const row = await expertQueries.selectExpert(tx, id);
		if (!row) throw new AppError('NOT_FOUND');
		const changes = Object.fromEntries(expertIdentityFields.filter((field) => field in proposed).map((field) => [field, String(proposed[field])]));
		const identity = { ...identityOf(row), ...changes };
		const value = parseInput(ZExpert, inputOf(row, identity));
		if (value.organisationId && !(await queries.selectInstitution(tx, value.organisationId))) {
			throw new AppError('VALIDATION', { fields: [{ field: 'organisationId', messageKey: 'error_institution_unknown' }] });
		}
		await expertQueries.updateExpertIdentity(
			tx,
			id,
			{ name: value.name, organisationId: value.organisationId ?? null, website: value.website ?? null, email: value.email ?? null, phone: value.phone ?? null },
			documentOf(value)
		);
		await searchQueries.refreshDirectoryListing(tx, { type: 'expert', ids: [id] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.expert_updated', subjectType: 'expert', subjectId: id, details: { fields: Object.keys(changes) }, requestId: ctx.requestId });
	});
}

/** An expert's public profile; e-mail and phone only for those who may see them, pending profiles only for owner and secretariat. */
export async function getExpertProfile(ctx: ServiceContext, id: unknown) {
	const row = await expertQueries.selectExpert(ctx.tx ?? getDb(), parseId(id));
	if (!row) throw new AppError('NOT_FOUND');
	const owner = isOwner(ctx.actor, row);
	if (row.status !== 'verified' && !owner && !hasRole(ctx.actor, 'secretariat')) throw new AppError('NOT_FOUND');
	const contacts = owner || maySeeContacts(ctx.actor);
	const db = ctx.tx ?? getDb();
	const organisation = row.organisationId ? (await queries.selectInstitutionNames(db, [row.organisationId])).get(row.organisationId) : undefined;
	const municipalities = await expertQueries.selectMunicipalityNames(db, row.municipalityIds);
	const experiences = await expertQueries.selectPublishedExperienceTitles(db, row.experienceIds);
	const secretariat = hasRole(ctx.actor, 'secretariat');
	const pending = owner || secretariat ? await correctionQueries.selectPendingFieldsOf(db, 'expert', row.id) : [];
	return {
		id: row.id,
		name: row.name,
		headline: row.headline,
		bio: row.bio,
		competencies: row.competencies,
		languages: row.languages,
		countries: row.countries,
		municipalities: row.municipalityIds.filter((id) => municipalities.has(id)).map((id) => ({ id, name: municipalities.get(id) ?? id })),
		// Unpublished since: no longer shown.
		experiences: row.experienceIds.flatMap((id) => {
			const found = experiences.get(id);
			return found ? [{ id, title: found.titles[ctx.locale] ?? found.titles[found.originalLocale] ?? Object.values(found.titles)[0] ?? '' }] : [];
		}),
		organisation: row.organisationId ? { id: row.organisationId, name: organisation ?? '' } : null,
		availability: row.availability,
		fee: row.feeMin !== null || row.feeMax !== null ? { min: row.feeMin, max: row.feeMax, currency: row.feeCurrency } : null,
		website: row.website,
		email: contacts ? row.email : null,
		phone: contacts ? row.phone : null,
		contactsHidden: !contacts && !!(row.email || row.phone),
		hasCv: !!row.cvFileName,
		status: row.status,
		verifiedAt: row.verifiedAt?.toISOString() ?? null,
		canEdit: owner || secretariat,
		isOwner: owner,
		// The owner's changes to these wait for the secretariat (expertIdentityFields).
		identityReviewed: owner && !secretariat && row.status === 'verified',
		// Identity fields with a correction waiting, for the owner and the secretariat.
		pendingCorrectionFields: owner || secretariat ? expertIdentityFields.filter((field) => pending.includes(field)) : [],
		isDemo: row.isDemo
	};
}

/** The signed-in user's own profile id, if they keep one. */
export async function getMyExpertProfileId(ctx: ServiceContext): Promise<string | null> {
	const actor = requireActor(ctx.actor);
	return (await expertQueries.selectExpertIdOfUser(ctx.tx ?? getDb(), actor.id)) ?? null;
}

/** Everything stored about the signed-in expert's profile, as JSON (their right of access and portability). */
export async function exportMyExpertData(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const id = await expertQueries.selectExpertIdOfUser(db, actor.id);
	if (!id) throw new AppError('NOT_FOUND');
	const row = await expertQueries.selectExpert(db, id);
	if (!row) throw new AppError('NOT_FOUND');
	return {
		exportedAt: new Date().toISOString(),
		profile: { ...row, verifiedAt: row.verifiedAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() },
		cv: row.cvFileName ? { fileName: row.cvFileName, download: `/api/v1/experts/${row.id}/cv` } : null
	};
}

/** The expert deletes their profile (or the secretariat does); the audit log keeps only that it happened. */
export async function deleteExpertProfile(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const expertId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const row = await expertQueries.selectExpert(tx, expertId);
		if (!row) throw new AppError('NOT_FOUND');
		if (!isOwner(actor, row) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
		await expertQueries.deleteExpert(tx, expertId);
		await searchQueries.refreshDirectoryListing(tx, { type: 'expert', ids: [expertId] });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.expert_deleted', subjectType: 'expert', subjectId: expertId, requestId: ctx.requestId });
	});
}

/** The expert or the secretariat attaches a CV (PDF or office document, 20 MB at most, checked by content). */
export async function uploadExpertCv(ctx: ServiceContext, id: unknown, file: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const expertId = parseId(id);
	// Who first, before the file is read and checked (again in the transaction).
	const owner = await expertQueries.selectExpert(ctx.tx ?? getDb(), expertId);
	if (!owner) throw new AppError('NOT_FOUND');
	if (!isOwner(actor, owner) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
	if (!(file instanceof File) || !file.name) throw new AppError('VALIDATION', { fields: [{ field: 'cv', messageKey: 'error_file_missing' }] });
	const bytes = new Uint8Array(await file.arrayBuffer());
	const check = await checkAttachment(file.name, bytes);
	if (!check.ok || check.contentType.startsWith('image/')) {
		const key = check.ok ? 'error_file_type' : { empty: 'error_file_empty', too_large: 'error_file_too_large', type_not_allowed: 'error_file_type', name_mismatch: 'error_file_disguised' }[check.reason];
		throw new AppError('VALIDATION', { fields: [{ field: 'cv', messageKey: key, params: { max: 20 } }] });
	}
	await inTransaction(ctx.tx, async (tx) => {
		const row = await expertQueries.selectExpert(tx, expertId);
		if (!row) throw new AppError('NOT_FOUND');
		if (!isOwner(actor, row) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
		await expertQueries.updateExpertCv(tx, expertId, { fileName: check.fileName, contentType: check.contentType, bytes: Buffer.from(bytes) });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.expert_cv_uploaded', subjectType: 'expert', subjectId: expertId, requestId: ctx.requestId });
	});
}

/** An expert's CV, for whoever may see the profile's contacts (or its owner). */
export async function getExpertCv(ctx: ServiceContext, id: unknown) {
	const row = await expertQueries.selectExpertCv(ctx.tx ?? getDb(), parseId(id));
	if (!row?.bytes || !row.fileName || !row.contentType) throw new AppError('NOT_FOUND');
	const owner = !!ctx.actor && row.userId === ctx.actor.id;
	if (!owner && !(row.status === 'verified' && maySeeContacts(ctx.actor)) && !hasRole(ctx.actor, 'secretariat')) throw new AppError('NOT_FOUND');
	return { fileName: row.fileName, contentType: row.contentType, bytes: row.bytes };
}
