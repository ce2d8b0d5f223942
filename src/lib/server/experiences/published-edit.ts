// Edits of a published experience (issue 13 finding 5): a small fix applies at once, a substantive edit by its authors
// becomes a pending version for the secretariat; the secretariat hears of every change either way.
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { Actor, ServiceContext } from '../context';
import type { Executor } from '../db';
import { AppError, type FieldIssue } from '../errors/app-error';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { hasRole } from '../policy';
import { findActiveTerms } from '../taxonomy';
import { changedFields, classifyEdit, draftFields, type DraftField } from './edit-rules';
import { syncListing } from './listing';
import * as queries from './queries';
import { selectSecretariatEmails } from './review-queries';
import { toEditableText } from './rich-text';
import type { TExperienceDraft } from './schema';
import * as versionQueries from './version-queries';

type Stored = NonNullable<Awaited<ReturnType<typeof queries.selectExperience>>>;

/** What saving an experience did: saved (a draft, or a published record changed at once) or held as a pending version. */
export type SaveOutcome = { status: 'saved'; pendingVersion: null } | { status: 'pending'; pendingVersion: string };

// References must exist: municipalities in the gazetteer, themes and SDGs in the active vocabulary.
export async function checkReferences(db: Executor, draft: TExperienceDraft): Promise<void> {
	const fields: FieldIssue[] = [];
	const municipalities = await queries.selectExistingMunicipalities(db, draft.municipalityIds);
	if (draft.municipalityIds.some((id) => !municipalities.has(id))) fields.push({ field: 'municipalityIds', messageKey: 'error_municipality_unknown' });
	const themes = await findActiveTerms(db, 'theme', draft.themes);
	if (draft.themes.some((code) => !themes.has(code))) fields.push({ field: 'themes', messageKey: 'error_field_invalid' });
	const sdgs = await findActiveTerms(db, 'sdg', draft.sdgs);
	if (draft.sdgs.some((code) => !sdgs.has(code))) fields.push({ field: 'sdgs', messageKey: 'error_field_invalid' });
	if (fields.length) throw new AppError('VALIDATION', { fields });
}

/** The stored record as a draft, in the same normalised form a saved draft has, so the two compare field by field. */
export function draftOf(stored: Stored): TExperienceDraft {
	const { row } = stored;
	const text = stored.texts.find((item) => item.isOriginal) ?? stored.texts[0];
	return {
		locale: row.originalLocale as TExperienceDraft['locale'],
		title: text?.title ?? '',
		summary: text?.summary ?? '',
		context: text?.context ?? '',
		objectives: text?.objectives ?? '',
		actors: text?.actors ?? '',
		participation: text?.participation ?? '',
		resources: text?.resources ?? '',
		lessons: text?.lessons ?? '',
		replication: text?.replication ?? '',
		municipalityIds: stored.municipalities.map((m) => m.id),
		themes: stored.terms.filter((term) => term.facet === 'theme').map((term) => term.code),
		sdgs: stored.terms.filter((term) => term.facet === 'sdg').map((term) => term.code),
		budgetAmount: row.budgetAmount === null ? undefined : Number(row.budgetAmount),
		budgetCurrency: row.budgetCurrency ?? undefined,
		startDate: row.startDate ?? undefined,
		endDate: row.endDate ?? undefined,
		ongoing: row.ongoing,
		contactName: row.contactName ?? undefined,
		contactEmail: row.contactEmail ?? undefined,
		leadInstitution: row.leadInstitution ?? undefined,
		results: row.results,
		links: row.links
	};
}

// The content a version keeps: texts in every language, structured fields, places and tags.
function snapshotOf(stored: Stored): Record<string, unknown> {
	const { row } = stored;
	return {
		texts: stored.texts.map(({ experienceId: _id, updatedAt: _at, ...text }) => text),
		municipalities: stored.municipalities.map((m) => ({ id: m.id, name: m.name })),
		terms: stored.terms,
		budget: row.budgetAmount === null ? null : { amount: Number(row.budgetAmount), currency: row.budgetCurrency },
		timeline: { start: row.startDate, end: row.endDate, ongoing: row.ongoing },
		results: row.results,
		links: row.links,
		leadInstitution: row.leadInstitution
	};
}

const titleOf = (stored: Stored) => (stored.texts.find((text) => text.isOriginal) ?? stored.texts[0])?.title ?? '';

/**
 * Writes new content over a published record: the replaced content becomes a numbered version, the history and the
 * catalogue follow, all in the caller's transaction. State, reviews (so score and recognition) stay as they are.
 */
export async function applyPublishedEdit(
	tx: Executor,
	ctx: ServiceContext,
	options: { stored: Stored; draft: TExperienceDraft; actorId: string; replacedBy: string; details: Record<string, unknown> }
): Promise<void> {
	const { stored, draft } = options;
	const experienceId = stored.row.id;
	await queries.insertVersion(tx, { experienceId, version: stored.row.version, snapshot: snapshotOf(stored), createdBy: options.replacedBy });
	await queries.updateDraft(tx, experienceId, draft, { version: stored.row.version + 1 });
	await queries.recordTransition(tx, { experienceId, action: 'edit', fromState: 'published', toState: 'published', actorId: options.actorId, comment: null });
	await syncListing(tx, experienceId);
	await recordAudit(tx, {
		actorId: options.actorId,
		action: 'experience.edited_after_publication',
		subjectType: 'experience',
		subjectId: experienceId,
		details: { version: stored.row.version + 1, ...options.details },
		requestId: ctx.requestId
	});
}

/** The record's page, for links in e-mails. */
export function experienceUrl(ctx: ServiceContext, experienceId: string, suffix = ''): string {
	return new URL(`${localePrefix(ctx.locale)}/experiencias/${experienceId}${suffix}`, getConfig().origin).toString();
}

/** Field names as the form labels them, for e-mails. */
export function fieldLabel(field: DraftField, locale: ServiceContext['locale']): string {
	return translate(`experience_version_field_${field}`, locale);
}

/**
 * Saves an author's (or the secretariat's) edit of a published record, already checked and normalised: substantive
 * edits by anyone but the secretariat wait as the one pending version (replacing an earlier pending one), small fixes
 * and the secretariat's own edits apply at once; either way the secretariat is told by e-mail.
 */
export async function editPublished(tx: Executor, ctx: ServiceContext, actor: Actor, stored: Stored, draft: TExperienceDraft): Promise<SaveOutcome> {
	const experienceId = stored.row.id;
	await queries.selectStateForUpdate(tx, experienceId);
	const changed = changedFields(draftOf(stored), draft);
	const kind = classifyEdit(changed);
	const isSecretariat = hasRole(actor, 'secretariat');
	const pending = await versionQueries.selectPendingRevisionForUpdate(tx, experienceId);
	const title = titleOf(stored);
	const fields = changed.map((field) => fieldLabel(field, ctx.locale)).join(', ');
	if (kind === 'substantive' && !isSecretariat) {
		const values = { proposed: draft as unknown as Record<string, unknown>, changedFields: changed, baseVersion: stored.row.version, proposedBy: actor.id };
		let revisionId: string;
		if (pending) {
			revisionId = pending.id;
			await versionQueries.replaceRevision(tx, revisionId, values);
		} else {
			revisionId = await versionQueries.insertRevision(tx, { experienceId, ...values });
		}
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.version_proposed',
			subjectType: 'experience',
			subjectId: experienceId,
			details: { revisionId, fields: changed, replaced: !!pending },
			requestId: ctx.requestId
		});
		await notifySecretariat(tx, actor, {
			subject: translate('mail_experience_version_pending_subject', ctx.locale, { title }),
			text: translate('mail_experience_version_pending_body', ctx.locale, { title, fields, url: experienceUrl(ctx, experienceId, '/version-pendiente') })
		});
		return { status: 'pending', pendingVersion: revisionId };
	}
	// The authors' new edit replaces their pending version: keeping only small fixes (or nothing) withdraws it.
	if (pending && !isSecretariat) {
		await versionQueries.markRevisionDecided(tx, pending.id, { status: 'withdrawn', decidedBy: actor.id });
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.version_withdrawn',
			subjectType: 'experience',
			subjectId: experienceId,
			details: { revisionId: pending.id },
			requestId: ctx.requestId
		});
	}
	if (kind === 'none') return { status: 'saved', pendingVersion: null };
	await applyPublishedEdit(tx, ctx, { stored, draft, actorId: actor.id, replacedBy: actor.id, details: { kind, fields: changed } });
	await notifySecretariat(tx, actor, {
		subject: translate('mail_experience_fixed_subject', ctx.locale, { title }),
		text: translate('mail_experience_fixed_body', ctx.locale, { title, fields, url: experienceUrl(ctx, experienceId) })
	});
	return { status: 'saved', pendingVersion: null };
}

/**
 * Tells the secretariat of a change to a published record made outside the edit form (an attachment added or removed,
 * a translation written): these apply at once, like small fixes, and are announced like them. Nothing for drafts.
 */
export async function notifyPublishedChange(tx: Executor, ctx: ServiceContext, actor: Actor, stored: Stored, change: string): Promise<void> {
	if (stored.row.state !== 'published') return;
	const title = titleOf(stored);
	await notifySecretariat(tx, actor, {
		subject: translate('mail_experience_changed_subject', ctx.locale, { title }),
		text: translate('mail_experience_changed_body', ctx.locale, { title, change, url: experienceUrl(ctx, stored.row.id) })
	});
}

// Every address of the secretariat (and admins) but the actor's own, as submissions are announced.
async function notifySecretariat(tx: Executor, actor: Actor, message: { subject: string; text: string }): Promise<void> {
	for (const address of await selectSecretariatEmails(tx)) {
		if (address !== actor.email) await queueMail(tx, { to: address, ...message });
	}
}

const longTexts = new Set<DraftField>(['context', 'objectives', 'actors', 'participation', 'resources', 'lessons', 'replication']);

/** One field's value as a person reads it in a comparison (rich text as typed, lists one per line). */
export function displayValue(draft: TExperienceDraft, field: DraftField): string {
	const value = draft[field];
	if (value === undefined || value === null) return '';
	if (longTexts.has(field)) return toEditableText(String(value));
	if (field === 'results') return draft.results.map((result) => [result.indicator, result.before, result.after, result.source].filter(Boolean).join(' · ')).join('\n');
	if (field === 'links') return draft.links.map((link) => `${link.label} <${link.url}>`).join('\n');
	if (Array.isArray(value)) return value.join(', ');
	if (typeof value === 'boolean') return value ? '✓' : '—';
	return String(value);
}

/** A draft as the edit form holds it (the names its fields post), so a pending version can be edited further. */
export function formValuesOf(draft: TExperienceDraft): Record<string, string> {
	const values: Record<string, string> = {};
	for (const field of draftFields) {
		const value = draft[field];
		if (field === 'results' || field === 'links') continue;
		if (Array.isArray(value)) values[field] = value.join(' ');
		else if (typeof value === 'boolean') values[field] = value ? 'on' : '';
		else if (value === undefined || value === null) values[field] = '';
		else values[field] = longTexts.has(field) ? toEditableText(String(value)) : String(value);
	}
	draft.results.forEach((result, index) => {
		for (const [key, value] of Object.entries(result)) values[`results.${index}.${key}`] = value;
	});
	draft.links.forEach((link, index) => {
		for (const [key, value] of Object.entries(link)) values[`links.${index}.${key}`] = value;
	});
	return values;
}
