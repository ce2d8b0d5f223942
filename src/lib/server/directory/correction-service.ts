import { z } from 'zod';
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';
import { consumeRateLimits, rateRules } from '../rate-limit';
import { hasRole, requireActor, requireRole } from '../policy';
import * as correctionQueries from './correction-queries';
import { applyExpertCorrection, getExpertIdentity } from './expert-service';
import { expertIdentityFields } from './schema';
import * as queries from './queries';
import * as searchQueries from './search-queries';
import { callFormValues, changedFields, correctableFields, institutionFormValues } from './form-values';
import { getCall, getInstitution, updateCall, updateInstitution, validateCall, validateInstitution } from './service';

// Entries corrected through their own form (anyone signed in proposes; the secretariat edits).
const ZCorrectionType = z.enum(['institution', 'funding_call']);
type CorrectionType = z.output<typeof ZCorrectionType>;
// Every kind a stored correction can be of: experts' come from the expert's own edit of a verified profile
// (expertIdentityFields in schema.ts).
type StoredCorrectionType = CorrectionType | 'expert';
const sections: Record<StoredCorrectionType, string> = { institution: 'instituciones', funding_call: 'convocatorias', expert: 'expertos' };
const ZId = z.uuid();
const ZNote = z.object({ note: z.string().trim().max(1000, { message: 'error_field_too_long' }).default('') });
const ZDecision = z.object({
	decision: z.enum(['apply', 'reject'], { message: 'error_field_invalid' }),
	reason: z.string().trim().max(1000, { message: 'error_field_too_long' }).optional()
});

function parseTarget(type: unknown, id: unknown): { type: CorrectionType; id: string } {
	const entryType = ZCorrectionType.safeParse(type);
	const entryId = ZId.safeParse(id);
	if (!entryType.success || !entryId.success) throw new AppError('NOT_FOUND');
	return { type: entryType.data, id: entryId.data };
}

// The entry as its form would show it now, read in the caller's transaction.
async function currentValues(ctx: ServiceContext, type: CorrectionType, id: string): Promise<{ title: string; status: string; values: Record<string, string> }> {
	if (type === 'institution') {
		const institution = await getInstitution(ctx, id);
		return { title: institution.name, status: institution.status, values: institutionFormValues(institution) };
	}
	const call = await getCall(ctx, id);
	return { title: call.title, status: call.status, values: callFormValues(call) };
}

const stringValues = (input: unknown): Record<string, string> =>
	Object.fromEntries(
		Object.entries(input && typeof input === 'object' ? (input as Record<string, unknown>) : {}).map(([key, value]) => [
			key,
			Array.isArray(value) ? value.join(' ') : value === true ? 'on' : value === false || value === null || value === undefined ? '' : String(value)
		])
	);

/**
 * A signed-in user proposes a correction to a verified institution or call with the entry's own form: only the
 * fields they changed are kept, checked now as the secretariat's edit would check them, and wait for the secretariat.
 */
export async function proposeCorrection(ctx: ServiceContext, type: unknown, id: unknown, input: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const target = parseTarget(type, id);
	const { note } = parseInput(ZNote, input);
	const submitted = stringValues(input);
	return inTransaction(ctx.tx, async (tx) => {
		const scoped = { ...ctx, tx };
		const current = await currentValues(scoped, target.type, target.id);
		// A pending entry is still the proposer's draft for the secretariat; only published ones take corrections.
		if (current.status !== 'verified') throw new AppError('NOT_FOUND');
		const changes = changedFields(current.values, submitted, correctableFields[target.type]);
		if (!Object.keys(changes).length) throw new AppError('VALIDATION', { fields: [{ field: 'note', messageKey: 'error_correction_no_change' }] });
		await validateMerged(tx, target, { ...current.values, ...changes });
		await consumeRateLimits([{ rule: rateRules.correctionPerAccount, subject: actor.id }], { db: tx });
		const correctionId = await correctionQueries.insertCorrection(tx, { entryType: target.type, entryId: target.id, proposed: changes, note, proposedBy: actor.id });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.correction_proposed', subjectType: target.type, subjectId: target.id, details: { correctionId, fields: Object.keys(changes) }, requestId: ctx.requestId });
		return { id: correctionId };
	});
}

async function validateMerged(tx: Executor, target: { type: CorrectionType; id: string }, values: Record<string, string>): Promise<void> {
	if (target.type === 'institution') await validateInstitution(tx, values, target.id);
	else await validateCall(tx, values);
}

const fieldOrder = (type: StoredCorrectionType, field: string) => (type === 'expert' ? expertIdentityFields : correctableFields[type]).indexOf(field as never);

/** Proposed corrections waiting for the secretariat, each with its fields as they are now and as proposed. */
export async function listPendingCorrections(ctx: ServiceContext) {
	requireRole(ctx.actor, 'secretariat');
	const db = ctx.tx ?? getDb();
	const rows = await correctionQueries.selectPendingCorrections(db);
	const corrections = [];
	for (const row of rows) {
		const type = row.entryType as StoredCorrectionType;
		let current: { title: string; values: Record<string, string> };
		let proposed = row.proposed as Record<string, unknown>;
		try {
			if (type === 'expert') {
				// The organisation shown by its name, now and as proposed.
				const identity = await getExpertIdentity({ ...ctx, tx: db }, row.entryId, row.proposed as Record<string, string>);
				current = { title: identity.title, values: identity.shown };
				proposed = identity.proposedShown;
			} else current = await currentValues({ ...ctx, tx: db }, type, row.entryId);
		} catch {
			// The entry was deleted since; the correction can only be rejected.
			current = { title: '—', values: {} };
		}
		corrections.push({
			id: row.id,
			entryType: type,
			entryId: row.entryId,
			title: current.title,
			note: row.note,
			proposedBy: row.proposerName,
			proposedAt: row.createdAt.toISOString(),
			// In the form's order (jsonb keeps its own).
			changes: Object.entries(proposed)
				.sort(([a], [b]) => fieldOrder(type, a) - fieldOrder(type, b))
				.map(([field, value]) => ({ field, current: current.values[field] ?? '', proposed: String(value) }))
		});
	}
	return corrections;
}

/**
 * The secretariat applies a correction (through the same edit and checks as its own edits, onto the entry as it is
 * now; an expert's identity fields only) or rejects it with a reason; the proposer is told by e-mail either way.
 * Applying re-verifies a verified entry: the secretariat has checked it as corrected, so its "verified on" date
 * becomes that day (issue 13 finding 4); it stays verified throughout, its old version public until then.
 */
export async function decideCorrection(ctx: ServiceContext, id: unknown, input: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const correctionId = ZId.safeParse(id);
	if (!correctionId.success) throw new AppError('NOT_FOUND');
	const { decision, reason } = parseInput(ZDecision, input);
	if (decision === 'reject' && !reason) throw new AppError('VALIDATION', { fields: [{ field: 'reason', messageKey: 'error_reason_required' }] });
	await inTransaction(ctx.tx, async (tx) => {
		const scoped = { ...ctx, tx };
		const row = await correctionQueries.selectCorrectionForUpdate(tx, correctionId.data);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.status !== 'pending') throw new AppError('CONFLICT', { fields: [{ field: 'decision', messageKey: 'error_correction_decided' }] });
		const type = row.entryType as StoredCorrectionType;
		const current = type === 'expert' ? await getExpertIdentity(scoped, row.entryId) : await currentValues(scoped, type, row.entryId);
		if (decision === 'apply') {
			const merged = { ...current.values, ...row.proposed };
			if (type === 'expert') await applyExpertCorrection(scoped, row.entryId, row.proposed);
			else if (type === 'institution') await updateInstitution(scoped, row.entryId, merged);
			else await updateCall(scoped, row.entryId, merged);
			if (current.status === 'verified') {
				await queries.updateModeration(tx, type, row.entryId, { status: 'verified', by: actor.id, reason: null });
				await searchQueries.refreshDirectoryListing(tx, { type, ids: [row.entryId] });
			}
		}
		await correctionQueries.markDecided(tx, row.id, { status: decision === 'apply' ? 'applied' : 'rejected', by: actor.id, reason: reason ?? null });
		await recordAudit(tx, {
			actorId: actor.id,
			action: decision === 'apply' ? 'directory.correction_applied' : 'directory.correction_rejected',
			subjectType: type,
			subjectId: row.entryId,
			details: { correctionId: row.id, reason: reason ?? null },
			requestId: ctx.requestId
		});
		if (row.proposerEmail) {
			const path = sections[type];
			await queueMail(tx, {
				to: row.proposerEmail,
				subject: translate(decision === 'apply' ? 'mail_correction_applied_subject' : 'mail_correction_rejected_subject', ctx.locale, { title: current.title }),
				text: translate(decision === 'apply' ? 'mail_correction_applied_body' : 'mail_correction_rejected_body', ctx.locale, {
					title: current.title,
					reason: reason ?? '',
					url: new URL(`${localePrefix(ctx.locale)}/directorio/${path}/${row.entryId}`, getConfig().origin).toString()
				})
			});
		}
	});
}

/**
 * The entry's edit form: the secretariat's changes apply at once; anyone else's become a proposed correction.
 * Returns which of the two happened, for the page to say so.
 */
export async function submitEntryEdit(ctx: ServiceContext, type: unknown, id: unknown, input: unknown): Promise<{ applied: boolean }> {
	const actor = requireActor(ctx.actor);
	const target = parseTarget(type, id);
	if (!hasRole(actor, 'secretariat')) {
		await proposeCorrection(ctx, target.type, target.id, input);
		return { applied: false };
	}
	if (target.type === 'institution') await updateInstitution(ctx, target.id, input);
	else await updateCall(ctx, target.id, input);
	return { applied: true };
}

/** The edit form's starting values and whether it edits (secretariat) or proposes a correction (anyone else signed in). */
export async function getEntryEditForm(ctx: ServiceContext, type: unknown, id: unknown) {
	const actor = requireActor(ctx.actor);
	const target = parseTarget(type, id);
	const current = await currentValues(ctx, target.type, target.id);
	const edits = hasRole(actor, 'secretariat');
	if (!edits && current.status !== 'verified') throw new AppError('NOT_FOUND');
	return { title: current.title, values: current.values, mode: edits ? ('edit' as const) : ('correct' as const), fields: edits ? null : [...correctableFields[target.type]] };
}
