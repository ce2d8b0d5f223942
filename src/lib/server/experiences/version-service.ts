// Pending versions of published experiences (issue 13 finding 5): the secretariat sees each changed field as it is
// published and as proposed, and approves (the fields apply in one transaction) or rejects with a reason.
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { translate } from '../i18n';
import { queueMail } from '../mail';
import { hasRole, requireActor, requireRole } from '../policy';
import { draftFields, type DraftField } from './edit-rules';
import { applyPublishedEdit, checkReferences, displayValue, draftOf, experienceUrl, formValuesOf } from './published-edit';
import * as queries from './queries';
import type { TExperienceDraft } from './schema';
import { canRead, facts, parseId } from './service';
import * as versionQueries from './version-queries';
import { isAuthorOf } from './workflow';

/** The secretariat's decision on a pending version; `revisionId` is the version it looked at (a newer one is refused). */
export const ZVersionDecision = z.object({
	revisionId: z.uuid({ message: 'error_field_invalid' }),
	decision: z.enum(['approve', 'reject'], { message: 'error_field_invalid' }),
	reason: z.string().trim().max(2000, { message: 'error_field_too_long' }).optional()
});

/** A pending version as its authors and the secretariat see it. */
export interface PendingVersionDto {
	id: string;
	experienceId: string;
	status: 'pending';
	baseVersion: number;
	proposedBy: string | null;
	proposedAt: string;
	/** Each changed field as it is published now and as proposed. */
	changes: { field: DraftField; current: string; proposed: string }[];
	/** The proposed draft as the edit form holds it. */
	formValues: Record<string, string>;
	/** Whether the reader may approve or reject it (the secretariat). */
	canDecide: boolean;
}

/**
 * The pending version of an experience, or null, for its authors and the secretariat (nobody else learns of it).
 * Changes are shown against the record as it is now, so a small fix made since is not shown as undone.
 */
export async function getPendingVersion(ctx: ServiceContext, id: unknown): Promise<PendingVersionDto | null> {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const stored = await queries.selectExperience(db, parseId(id));
	if (!stored || !canRead(actor, stored)) throw new AppError('NOT_FOUND');
	const isSecretariat = hasRole(actor, 'secretariat');
	if (!isSecretariat && !isAuthorOf(actor, facts(stored))) throw new AppError('FORBIDDEN');
	const pending = await versionQueries.selectPendingRevision(db, stored.row.id);
	if (!pending) return null;
	const { revision } = pending;
	const current = draftOf(stored);
	const proposed = revision.proposed as unknown as TExperienceDraft;
	const merged = mergeChanges(current, proposed, revision.changedFields);
	return {
		id: revision.id,
		experienceId: stored.row.id,
		status: 'pending',
		baseVersion: revision.baseVersion,
		proposedBy: pending.proposerName,
		proposedAt: revision.proposedAt.toISOString(),
		changes: (revision.changedFields as DraftField[]).map((field) => ({ field, current: displayValue(current, field), proposed: displayValue(proposed, field) })),
		formValues: formValuesOf(merged),
		canDecide: isSecretariat
	};
}

// The record as it is now with the pending version's changed fields on top.
function mergeChanges(current: TExperienceDraft, proposed: TExperienceDraft, changed: readonly string[]): TExperienceDraft {
	const merged: Record<string, unknown> = { ...current };
	for (const field of draftFields) if (changed.includes(field)) merged[field] = proposed[field];
	return merged as TExperienceDraft;
}

/** Every pending version, oldest first: the secretariat's queue. */
export async function listPendingVersions(ctx: ServiceContext) {
	requireRole(ctx.actor, 'secretariat');
	const rows = await versionQueries.selectPendingRevisions(ctx.tx ?? getDb());
	return rows.map((row) => ({
		id: row.id,
		experienceId: row.experienceId,
		title: row.title,
		proposedBy: row.proposerName,
		proposedAt: row.proposedAt.toISOString(),
		changedFields: row.changedFields
	}));
}

/**
 * The secretariat approves a pending version (its changed fields are written over the published record in one
 * transaction: the replaced content kept as a numbered version, state, score and recognition unchanged) or rejects it
 * with a reason; the proposer is told by e-mail either way.
 */
export async function decidePendingVersion(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ status: 'approved' | 'rejected' }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const experienceId = parseId(id);
	const { revisionId, decision, reason } = parseInput(ZVersionDecision, input);
	if (decision === 'reject' && !reason) throw new AppError('VALIDATION', { fields: [{ field: 'reason', messageKey: 'error_reason_required' }] });
	return inTransaction(ctx.tx, async (tx) => {
		await queries.selectStateForUpdate(tx, experienceId);
		const stored = await queries.selectExperience(tx, experienceId);
		if (!stored) throw new AppError('NOT_FOUND');
		const pending = await versionQueries.selectPendingRevisionForUpdate(tx, experienceId);
		if (!pending) throw new AppError('NOT_FOUND');
		// Its authors replaced it after the secretariat opened it: the decision must be about what was seen.
		if (pending.id !== revisionId) throw new AppError('CONFLICT', { fields: [{ field: 'revisionId', messageKey: 'error_version_replaced' }] });
		const title = (stored.texts.find((text) => text.isOriginal) ?? stored.texts[0])?.title ?? '';
		if (decision === 'approve') {
			if (stored.row.state !== 'published') {
				throw new AppError('CONFLICT', { fields: [{ field: 'decision', messageKey: 'error_transition_not_allowed' }], details: { state: stored.row.state } });
			}
			const merged = mergeChanges(draftOf(stored), pending.proposed as unknown as TExperienceDraft, pending.changedFields);
			await checkReferences(tx, merged);
			await applyPublishedEdit(tx, { ...ctx, tx }, {
				stored,
				draft: merged,
				actorId: actor.id,
				replacedBy: pending.proposedBy ?? actor.id,
				details: { kind: 'approved_version', revisionId: pending.id, fields: pending.changedFields }
			});
		}
		await versionQueries.markRevisionDecided(tx, pending.id, { status: decision === 'approve' ? 'approved' : 'rejected', decidedBy: actor.id, reason: reason ?? null });
		await recordAudit(tx, {
			actorId: actor.id,
			action: decision === 'approve' ? 'experience.version_approved' : 'experience.version_rejected',
			subjectType: 'experience',
			subjectId: experienceId,
			details: { revisionId: pending.id, reason: reason ?? null },
			requestId: ctx.requestId
		});
		const [proposer] = pending.proposedBy ? await queries.selectNotifiedEmails(tx, [pending.proposedBy], []) : [];
		if (proposer) {
			const approved = decision === 'approve';
			const newTitle = approved ? ((pending.proposed as { title?: string }).title ?? title) : title;
			await queueMail(tx, {
				to: proposer,
				subject: translate(approved ? 'mail_experience_version_approved_subject' : 'mail_experience_version_rejected_subject', ctx.locale, { title: newTitle }),
				text: translate(approved ? 'mail_experience_version_approved_body' : 'mail_experience_version_rejected_body', ctx.locale, {
					title: newTitle,
					reason: reason ?? '—',
					url: experienceUrl(ctx, experienceId)
				})
			});
		}
		return { status: decision === 'approve' ? ('approved' as const) : ('rejected' as const) };
	});
}
