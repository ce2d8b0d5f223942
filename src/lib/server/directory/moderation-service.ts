// The secretariat's moderation of the directory: verifying or rejecting proposed entries (with what each was
// proposed with), and the reports that a verified entry is out of date, re-verified or dismissed.
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { translate } from '../i18n';
import { requireActor, requireRole } from '../policy';
import { consumeRateLimits, rateRules } from '../rate-limit';
import { callFormValues, institutionFormValues } from './form-values';
import { parseId } from './ids';
import * as queries from './queries';
import { ZModeration, ZReport } from './schema';
import * as searchQueries from './search-queries';
import { getCall, getInstitution } from './service';

/** The secretariat verifies or rejects (with a reason) a proposed institution or call. */
export async function moderateEntry(ctx: ServiceContext, type: unknown, id: unknown, input: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const table = z.enum(['institution', 'funding_call', 'expert', 'service']).safeParse(type);
	if (!table.success) throw new AppError('NOT_FOUND');
	const entryId = parseId(id);
	const { decision, reason } = parseInput(ZModeration, input);
	if (decision === 'reject' && !reason) throw new AppError('VALIDATION', { fields: [{ field: 'reason', messageKey: 'error_reason_required' }] });
	await inTransaction(ctx.tx, async (tx) => {
		const found = await queries.updateModeration(tx, table.data, entryId, { status: decision === 'verify' ? 'verified' : 'rejected', by: actor.id, reason: reason ?? null });
		if (!found) throw new AppError('NOT_FOUND');
		await searchQueries.refreshDirectoryListing(tx, { type: table.data, ids: [entryId] });
		await recordAudit(tx, { actorId: actor.id, action: `directory.${decision === 'verify' ? 'verified' : 'rejected'}`, subjectType: table.data, subjectId: entryId, details: { reason: reason ?? null }, requestId: ctx.requestId });
	});
}

/** The moderation queue: proposed entries waiting for the secretariat. */
export async function listPendingEntries(ctx: ServiceContext) {
	requireRole(ctx.actor, 'secretariat');
	const rows = await queries.selectPending(ctx.tx ?? getDb());
	// Issue 13 finding 3: the queue showed only a proposal's name, so a claim such as "centre of excellence" was verified
	// unseen. Institutions and calls list every field they were proposed with, as their forms name them (the queue is
	// short: one read per entry); experts and services open on their own page.
	const entries = [];
	for (const row of rows) {
		const values = row.type === 'institution' ? institutionFormValues(await getInstitution(ctx, row.id)) : row.type === 'funding_call' ? callFormValues(await getCall(ctx, row.id)) : {};
		const fields = Object.entries(values)
			.filter(([field, value]) => value !== '' && field !== 'funderId')
			.map(([field, value]) => ({ field, value: value === 'on' ? translate('directory_field_yes', ctx.locale) : value }));
		entries.push({ type: row.type, id: row.id, title: row.title, proposedAt: new Date(row.created_at).toISOString(), fields });
	}
	return entries;
}

const ZEntryType = z.enum(['institution', 'funding_call', 'expert', 'service']);

/** Anyone signed in reports that a verified entry is out of date (10 a day per account); the secretariat sees it in its queue. */
export async function reportOutdated(ctx: ServiceContext, type: unknown, id: unknown, input: unknown): Promise<{ id: string }> {
	const actor = requireActor(ctx.actor);
	const entryType = ZEntryType.safeParse(type);
	if (!entryType.success) throw new AppError('NOT_FOUND');
	const entryId = parseId(id);
	const { note } = parseInput(ZReport, input);
	await consumeRateLimits([{ rule: rateRules.reportPerAccount, subject: actor.id }], { db: ctx.tx });
	return inTransaction(ctx.tx, async (tx) => {
		if (!(await queries.entryExists(tx, entryType.data, entryId))) throw new AppError('NOT_FOUND');
		const reportId = await queries.insertReport(tx, { entryType: entryType.data, entryId, reporterId: actor.id, note });
		await recordAudit(tx, { actorId: actor.id, action: 'directory.reported_outdated', subjectType: entryType.data, subjectId: entryId, details: { reportId }, requestId: ctx.requestId });
		return { id: reportId };
	});
}

/** Open reports of outdated entries, for the secretariat. */
export async function listOpenReports(ctx: ServiceContext) {
	requireRole(ctx.actor, 'secretariat');
	const rows = await queries.selectOpenReports(ctx.tx ?? getDb());
	return rows.map((row) => ({ id: row.id, type: row.entry_type, entryId: row.entry_id, title: row.title ?? '—', note: row.note, reportedAt: new Date(row.created_at).toISOString() }));
}

/**
 * The secretariat settles an entry's reports: re-verifies it (its "verified on" date becomes today and the
 * "possibly outdated" flag goes) or dismisses the reports.
 */
export async function settleReports(ctx: ServiceContext, type: unknown, id: unknown, decision: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const entryType = ZEntryType.safeParse(type);
	const choice = z.enum(['reverify', 'dismiss']).safeParse(decision);
	if (!entryType.success || !choice.success) throw new AppError('VALIDATION', { fields: [{ field: 'decision', messageKey: 'error_field_invalid' }] });
	const entryId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		if (choice.data === 'reverify') await queries.updateModeration(tx, entryType.data, entryId, { status: 'verified', by: actor.id, reason: null });
		if (choice.data === 'reverify') await searchQueries.refreshDirectoryListing(tx, { type: entryType.data, ids: [entryId] });
		const closed = await queries.resolveReports(tx, entryType.data, entryId, actor.id, choice.data);
		await recordAudit(tx, { actorId: actor.id, action: `directory.reports_${choice.data}`, subjectType: entryType.data, subjectId: entryId, details: { closed }, requestId: ctx.requestId });
	});
}
