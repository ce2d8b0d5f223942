import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Actor, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { getConfig } from '../config';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { hasRole, requireActor } from '../policy';
import { sanitizeRichText, toEditableText } from './rich-text';
import { syncListing } from './listing';
import { checkReferences, editPublished, notifyPublishedChange, type SaveOutcome } from './published-edit';
import { toExperienceDto, type ExperienceDto } from './mappers';
import * as queries from './queries';
import { selectSecretariatEmails } from './review-queries';
import { ZExperienceDraft, ZTransition, ZTranslation, ZWorkListQuery, type TExperienceDraft } from './schema';
import { pageWindow } from '../pagination';
import { applyAction, availableActions, isAuthorOf, type ExperienceState } from './workflow';

const ZId = z.uuid();

// Long texts are rich text: sanitised once, on the way in, so every reader gets safe HTML.
function normalise(draft: TExperienceDraft): TExperienceDraft {
	return {
		...draft,
		context: sanitizeRichText(draft.context),
		objectives: sanitizeRichText(draft.objectives),
		actors: sanitizeRichText(draft.actors),
		participation: sanitizeRichText(draft.participation),
		resources: sanitizeRichText(draft.resources),
		lessons: sanitizeRichText(draft.lessons),
		replication: sanitizeRichText(draft.replication),
		municipalityIds: [...new Set(draft.municipalityIds.map((id) => id.slice(0, 2).toUpperCase() + id.slice(2)))]
	};
}

// A draft speaks for municipalities: its author must be an official of each, unless they work at the secretariat.
function requireMayWriteFor(actor: Actor, municipalityIds: string[]): void {
	if (hasRole(actor, 'secretariat')) return;
	const officialOf = new Set(actor.roles.filter((grant) => grant.role === 'municipal_official').map((grant) => grant.municipalityId));
	if (!officialOf.size || municipalityIds.some((id) => !officialOf.has(id))) throw new AppError('FORBIDDEN');
}

/** Starts a draft experience; the author is a municipal official of its municipalities (or the secretariat). */
export async function createDraft(ctx: ServiceContext, input: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	// Who first: someone who may write for no municipality is refused before the form is checked.
	requireMayWriteFor(actor, []);
	const draft = normalise(parseInput(ZExperienceDraft, input));
	requireMayWriteFor(actor, draft.municipalityIds);
	return inTransaction(ctx.tx, async (tx) => {
		await checkReferences(tx, draft);
		const id = await queries.insertDraft(tx, draft, actor.id);
		await recordAudit(tx, { actorId: actor.id, action: 'experience.created', subjectType: 'experience', subjectId: id, requestId: ctx.requestId });
		return { id };
	});
}

/**
 * Saves a draft again (the guided form saves as it goes); only its authors, while it is a draft or published. On a
 * published record a substantive edit waits for the secretariat as a pending version (the public record stays as it
 * is); small fixes apply at once (edit-rules.ts says which is which). Either way the secretariat is told.
 */
export async function saveDraft(ctx: ServiceContext, id: unknown, input: unknown): Promise<SaveOutcome> {
	const actor = requireActor(ctx.actor);
	const experienceId = parseId(id);
	return inTransaction(ctx.tx, async (tx) => {
		const stored = await queries.selectExperience(tx, experienceId);
		if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
		if (!isAuthorOf(actor, facts(stored))) throw new AppError('FORBIDDEN');
		if (stored.row.state !== 'draft' && stored.row.state !== 'published') {
			throw new AppError('CONFLICT', { fields: [{ field: 'state', messageKey: 'error_transition_not_allowed' }], details: { state: stored.row.state } });
		}
		const draft = normalise(parseInput(ZExperienceDraft, input));
		requireMayWriteFor(actor, draft.municipalityIds.filter((municipalityId) => !stored.municipalities.some((m) => m.id === municipalityId)));
		await checkReferences(tx, draft);
		if (stored.row.state === 'published') return editPublished(tx, { ...ctx, tx }, actor, stored, draft);
		await queries.updateDraft(tx, experienceId, draft);
		return { status: 'saved', pendingVersion: null } as const;
	});
}

/** The earlier versions of an experience (newest first), for whoever may read it. */
export async function listVersions(ctx: ServiceContext, id: unknown) {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(id));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	return versionsOf(db, stored);
}

/** The kept versions of an experience already loaded. */
export async function versionsOf(db: Executor, stored: StoredExperience) {
	const rows = await queries.selectVersions(db, stored.row.id);
	return { current: stored.row.version, items: rows.map((row) => ({ version: row.version, replacedAt: row.createdAt.toISOString(), replacedBy: row.createdBy })) };
}

/** One earlier version's content, in the reader's language when it had a translation. */
export async function getVersion(ctx: ServiceContext, id: unknown, version: unknown) {
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(id));
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	const number = z.coerce.number().int().min(1).safeParse(version);
	const row = number.success ? await queries.selectVersion(db, stored.row.id, number.data) : undefined;
	if (!row) throw new AppError('NOT_FOUND');
	const snapshot = row.snapshot as { texts: { locale: string; isOriginal: boolean; title: string; summary: string; [key: string]: unknown }[] };
	const text = snapshot.texts.find((item) => item.locale === ctx.locale) ?? snapshot.texts.find((item) => item.isOriginal) ?? snapshot.texts[0];
	return { experienceId: stored.row.id, version: row.version, replacedAt: row.createdAt.toISOString(), currentVersion: stored.row.version, text, snapshot: row.snapshot };
}

/** One experience for the reader: published ones for everyone; others only for their authors and the secretariat. */
export async function getExperience(ctx: ServiceContext, id: unknown): Promise<ExperienceDto> {
	const stored = await queries.selectExperience(ctx.tx ?? getDb(), parseId(id));
	// Unpublished records are "not found" for everyone else, so their existence does not leak.
	if (!stored || !canRead(ctx.actor, stored)) throw new AppError('NOT_FOUND');
	return experienceOf(ctx, ctx.tx ?? getDb(), stored);
}

/** The DTO of an experience already loaded and readable by the actor. */
export async function experienceOf(ctx: ServiceContext, db: Executor, stored: StoredExperience): Promise<ExperienceDto> {
	const events = await queries.selectEvents(db, stored.row.id);
	const canEdit = isAuthorOf(ctx.actor, facts(stored)) && (stored.row.state === 'draft' || stored.row.state === 'published');
	// Issue 13 finding 9: the public saw who in the secretariat acted and their internal comments (why a record was
	// returned or rejected). Publicly the history is its steps and dates; names and comments are for the record's
	// authors, its reviewers and the secretariat.
	// Every step has an actor; one without a name was taken by an account deleted since ("former user").
	const history = isInsider(ctx.actor, stored)
		? events.map((event) => ({ ...event, actorName: event.actorName ?? translate('account_former_user', ctx.locale) }))
		: events.map((event) => ({ ...event, actorName: null, comment: null }));
	return toExperienceDto(stored, history, ctx.locale, availableActions(ctx.actor, facts(stored)), canEdit);
}

/** Moves an experience through the workflow; the change, its history entry and the e-mails commit together. */
export async function transitionExperience(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ state: ExperienceState }> {
	const actor = requireActor(ctx.actor);
	const experienceId = parseId(id);
	const { action, comment } = parseInput(ZTransition, input);
	return inTransaction(ctx.tx, async (tx) => {
		const state = await queries.selectStateForUpdate(tx, experienceId);
		const stored = state ? await queries.selectExperience(tx, experienceId) : undefined;
		if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
		const from = stored.row.state as ExperienceState;
		const to = applyAction(actor, facts(stored), action, comment);
		await queries.recordTransition(tx, { experienceId, action, fromState: from, toState: to, actorId: actor.id, comment: comment?.trim() || null });
		await syncListing(tx, experienceId);
		await recordAudit(tx, {
			actorId: actor.id,
			action: `experience.${action}`,
			subjectType: 'experience',
			subjectId: experienceId,
			details: { from, to, comment: comment ?? null },
			requestId: ctx.requestId
		});
		const title = (stored.texts.find((text) => text.isOriginal) ?? stored.texts[0])?.title ?? '';
		const emails = await queries.selectNotifiedEmails(tx, stored.authorIds, stored.municipalities.map((m) => m.id));
		for (const to_ of emails.filter((email) => email !== actor.email)) {
			await queueMail(tx, {
				to: to_,
				subject: translate('mail_experience_subject', ctx.locale, { title }),
				text: translate('mail_experience_body', ctx.locale, {
					title,
					state: translate(`experience_state_${to}`, ctx.locale),
					comment: comment?.trim() || '—'
				})
			});
		}
		if (action === 'submit') {
			// The secretariat's completeness check starts with a submission: tell it.
			const url = new URL(`${localePrefix(ctx.locale)}/experiencias/${experienceId}`, getConfig().origin).toString();
			for (const address of await selectSecretariatEmails(tx)) {
				await queueMail(tx, {
					to: address,
					subject: translate('mail_submitted_subject', ctx.locale, { title }),
					text: translate('mail_submitted_body', ctx.locale, { title, url })
				});
			}
		}
		return { state: to };
	});
}

/** An experience id from a path or body; anything else cannot exist, so it is NOT_FOUND. */
export function parseId(id: unknown): string {
	const parsed = ZId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	return parsed.data;
}

/** The stored experience as the rules see it. */
export function facts(stored: StoredExperience) {
	return {
		state: stored.row.state as ExperienceState,
		authorIds: stored.authorIds,
		municipalityIds: stored.municipalities.map((m) => m.id),
		completedReviews: stored.reviews.filter((review) => review.status === 'submitted').length
	};
}

/** Whether the actor works on this record: one of its authors, a reviewer assigned to it, or the secretariat. */
function isInsider(actor: Actor | null, stored: StoredExperience): boolean {
	if (hasRole(actor, 'secretariat') || isAuthorOf(actor, facts(stored))) return true;
	return !!actor && stored.reviews.some((review) => review.reviewerId === actor.id);
}

/** Published records are public; the rest only for their authors, their assigned reviewers and the secretariat. */
export function canRead(actor: Actor | null, stored: StoredExperience): boolean {
	return stored.row.state === 'published' || isInsider(actor, stored);
}

/** An experience as queries return it. */
export type StoredExperience = NonNullable<Awaited<ReturnType<typeof queries.selectExperience>>>;

/** The work list: every experience for the secretariat (its queue, by state), one's own and one's municipalities' for others. */
export async function listExperiencesForWork(ctx: ServiceContext, input: unknown) {
	const actor = requireActor(ctx.actor);
	const query = parseInput(ZWorkListQuery, input);
	const scope = hasRole(actor, 'secretariat')
		? null
		: {
				userId: actor.id,
				municipalityIds: actor.roles.flatMap((grant) => (grant.role === 'municipal_official' && grant.municipalityId ? [grant.municipalityId] : []))
			};
	const rows = await queries.selectWorkList(ctx.tx ?? getDb(), { scope, state: query.state, ...pageWindow(query) });
	return {
		items: rows.map(({ total: _total, updatedAt, ...row }) => ({ ...row, updatedAt: updatedAt.toISOString() })),
		total: rows[0]?.total ?? 0,
		page: query.page,
		pageSize: query.pageSize,
		state: query.state ?? null,
		isSecretariat: scope === null
	};
}

/**
 * Writes a translation into a language other than the original (its authors or the secretariat, in any state but
 * rejected); a published record's catalogue entry follows at once.
 */
export async function saveTranslation(ctx: ServiceContext, id: unknown, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const experienceId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const stored = await queries.selectExperience(tx, experienceId);
		if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
		if (!isAuthorOf(actor, facts(stored)) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
		const translation = parseInput(ZTranslation, input);
		if (translation.locale === stored.row.originalLocale) {
			throw new AppError('VALIDATION', { fields: [{ field: 'locale', messageKey: 'error_translation_original' }] });
		}
		await queries.upsertTranslation(tx, experienceId, {
			locale: translation.locale,
			title: translation.title,
			summary: translation.summary,
			context: sanitizeRichText(translation.context),
			objectives: sanitizeRichText(translation.objectives),
			actors: sanitizeRichText(translation.actors),
			participation: sanitizeRichText(translation.participation),
			resources: sanitizeRichText(translation.resources),
			lessons: sanitizeRichText(translation.lessons),
			replication: sanitizeRichText(translation.replication)
		});
		await syncListing(tx, experienceId);
		await recordAudit(tx, {
			actorId: actor.id,
			action: 'experience.translated',
			subjectType: 'experience',
			subjectId: experienceId,
			details: { locale: translation.locale },
			requestId: ctx.requestId
		});
		await notifyPublishedChange(tx, ctx, actor, stored, translate('experience_change_translation', ctx.locale, { language: translate(`language_${translation.locale}`, ctx.locale) }));
	});
}

/** The stored translation into one language (empty when there is none yet), for the translation form. */
export async function getTranslation(ctx: ServiceContext, id: unknown, locale: unknown) {
	const actor = requireActor(ctx.actor);
	const stored = await queries.selectExperience(ctx.tx ?? getDb(), parseId(id));
	if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
	if (!isAuthorOf(actor, facts(stored)) && !hasRole(actor, 'secretariat')) throw new AppError('FORBIDDEN');
	const wanted = ZTranslation.shape.locale.safeParse(locale);
	const target = wanted.success && wanted.data !== stored.row.originalLocale ? wanted.data : (['es', 'pt', 'en'] as const).find((code) => code !== stored.row.originalLocale)!;
	const original = stored.texts.find((text) => text.isOriginal) ?? stored.texts[0];
	const existing = stored.texts.find((text) => text.locale === target);
	const pick = (text: typeof original | undefined) => ({
		title: text?.title ?? '',
		summary: text?.summary ?? '',
		context: toEditableText(text?.context ?? ''),
		objectives: toEditableText(text?.objectives ?? ''),
		actors: toEditableText(text?.actors ?? ''),
		participation: toEditableText(text?.participation ?? ''),
		resources: toEditableText(text?.resources ?? ''),
		lessons: toEditableText(text?.lessons ?? ''),
		replication: toEditableText(text?.replication ?? '')
	});
	return { experienceId: stored.row.id, originalLocale: stored.row.originalLocale, locale: target, exists: !!existing, original: pick(original), values: pick(existing) };
}
