import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { recordAudit } from '../audit';
import { getConfig } from '../config';
import type { Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { localePrefix, translate } from '../i18n';
import { logger } from '../logger';
import { queueMail } from '../mail';
import { defineJob, enqueueJob, handleJob, type JobHandler } from '../jobs';
import { requireActor, requireRole } from '../policy';
import { instantToZonedTime } from './call-status';
import { dueReminders, isoWeek, matchesSubscription, REMINDER_DAYS } from './digest-rules';
import * as queries from './queries';
import { ZSubscription } from './schema';
import * as subscriptionQueries from './subscription-queries';
import { findActiveTerms } from '../taxonomy';

const ZToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);
const sections = { institution: 'instituciones', funding_call: 'convocatorias', expert: 'expertos', service: 'servicios' } as const;
const BATCH = 500;

const link = (locale: string, path: string) => new URL(`${localePrefix(locale as Locale)}${path}`, getConfig().origin).toString();

/** The signed-in user's subscription (defaults when they have none yet). */
export async function getMySubscription(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const row = await subscriptionQueries.selectSubscription(ctx.tx ?? getDb(), actor.id);
	return { themes: row?.themes ?? [], countries: row?.countries ?? [], active: row?.active ?? false, exists: !!row };
}

/** The signed-in user chooses themes and countries for the weekly digest (or switches it off). */
export async function saveMySubscription(ctx: ServiceContext, input: unknown): Promise<void> {
	const actor = requireActor(ctx.actor);
	const value = parseInput(ZSubscription, input);
	await inTransaction(ctx.tx, async (tx) => {
		const known = await findActiveTerms(tx, 'theme', value.themes);
		if (value.themes.some((code) => !known.has(code))) throw new AppError('VALIDATION', { fields: [{ field: 'themes', messageKey: 'error_field_invalid' }] });
		await subscriptionQueries.upsertSubscription(tx, { userId: actor.id, ...value, locale: ctx.locale, token: randomBytes(24).toString('base64url') });
		await recordAudit(tx, { actorId: actor.id, action: 'subscription.saved', subjectType: 'user', subjectId: actor.id, details: { active: value.active }, requestId: ctx.requestId });
	});
}

/** Whether an unsubscribe token is known and its subscription still active (for the confirmation page). */
export async function checkUnsubscribeToken(ctx: { tx?: Executor }, token: unknown): Promise<{ active: boolean }> {
	const parsed = ZToken.safeParse(token);
	const row = parsed.success ? await subscriptionQueries.selectByToken(ctx.tx ?? getDb(), parsed.data) : undefined;
	if (!row) throw new AppError('NOT_FOUND');
	return { active: row.active };
}

/** Switches the digest off from the e-mail's link, without signing in. */
export async function unsubscribeWithToken(ctx: { tx?: Executor }, token: unknown): Promise<void> {
	const parsed = ZToken.safeParse(token);
	if (!parsed.success || !(await subscriptionQueries.deactivateByToken(ctx.tx ?? getDb(), parsed.data))) throw new AppError('NOT_FOUND');
}

/** The signed-in user follows (or stops following) a call, to be reminded before it closes. */
export async function followCall(ctx: ServiceContext, callId: unknown, follow: boolean): Promise<void> {
	const actor = requireActor(ctx.actor);
	const id = z.uuid().safeParse(callId);
	if (!id.success) throw new AppError('NOT_FOUND');
	const db = ctx.tx ?? getDb();
	const call = await queries.selectCall(db, id.data);
	if (!call || call.status !== 'verified') throw new AppError('NOT_FOUND');
	await subscriptionQueries.setFollow(db, actor.id, id.data, follow);
}

/** Whether the signed-in user follows a call. */
export async function isFollowing(ctx: ServiceContext, callId: string): Promise<boolean> {
	if (!ctx.actor) return false;
	return subscriptionQueries.selectFollows(ctx.tx ?? getDb(), ctx.actor.id, callId);
}

/**
 * The weekly digest: every active subscriber whose themes and countries match entries verified in the last 7 days
 * gets one e-mail for the ISO week. Subscribers are read in batches (constant memory); each batch marks and queues
 * its e-mails in one transaction, so a run stopped half-way and started again sends nobody twice.
 */
export async function runWeeklyDigest(db: Executor = getDb(), now = new Date()): Promise<{ period: string; processed: number; sent: number }> {
	const period = isoWeek(now);
	const items = await subscriptionQueries.selectNewEntries(db, new Date(now.getTime() - 7 * 86_400_000));
	const runId = await subscriptionQueries.insertJobRun(db, 'digest', period);
	let processed = 0;
	let sent = 0;
	let after: string | null = null;
	for (;;) {
		const batch = await subscriptionQueries.selectSubscriptionBatch(db, after, BATCH);
		if (!batch.length) break;
		after = batch[batch.length - 1].userId;
		const mails = batch
			.map((sub) => ({ sub, matched: items.filter((item) => matchesSubscription(item, sub)) }))
			.filter((entry) => entry.matched.length > 0);
		await inTransaction(db, async (tx) => {
			const fresh = await subscriptionQueries.markSent(tx, 'digest', period, mails.map((entry) => entry.sub.userId));
			for (const { sub, matched } of mails) {
				if (!fresh.has(sub.userId)) continue;
				const locale = sub.locale as Locale;
				const lines = matched.slice(0, 50).map((item) => `- ${translate(`directory_type_${item.type}`, locale)}: ${item.title}\n  ${link(locale, `/directorio/${sections[item.type]}/${item.id}`)}`);
				await queueMail(tx, {
					to: sub.email,
					subject: translate('mail_digest_subject', locale, { count: matched.length }),
					text: translate('mail_digest_body', locale, {
						items: lines.join('\n'),
						unsubscribe: link(locale, `/suscripcion/baja?token=${sub.token}`),
						settings: link(locale, '/cuenta/suscripcion')
					})
				});
				sent++;
			}
			processed += batch.length;
			await subscriptionQueries.updateJobRun(tx, runId, { processed, sent });
		});
	}
	await subscriptionQueries.updateJobRun(db, runId, { processed, sent, finished: true });
	return { period, processed, sent };
}

/** Reminders 14 and 3 days before each followed call closes, each sent once (marked and queued in one transaction). */
export async function runDeadlineReminders(db: Executor = getDb(), now = new Date()): Promise<{ sent: number }> {
	const follows = await subscriptionQueries.selectFollowsClosingWithin(db, now, Math.max(...REMINDER_DAYS));
	let sent = 0;
	for (const follow of follows) {
		const closesAt = new Date(follow.closes_at);
		for (const days of dueReminders(closesAt, now, new Set(follow.sent))) {
			await inTransaction(db, async (tx) => {
				const fresh = await subscriptionQueries.markSent(tx, 'reminder', `${follow.call_id}:${days}`, [follow.user_id]);
				if (!fresh.size) return;
				const locale = follow.locale as Locale;
				await queueMail(tx, {
					to: follow.email,
					subject: translate('mail_reminder_subject', locale, { title: follow.title, days }),
					text: translate('mail_reminder_body', locale, {
						title: follow.title,
						days,
						deadline: `${instantToZonedTime(closesAt, follow.time_zone).replace('T', ' ')} (${follow.time_zone})`,
						url: link(locale, `/directorio/convocatorias/${follow.call_id}`)
					})
				});
				sent++;
			});
		}
	}
	return { sent };
}

/**
 * The secretariat sends this week's digest now (the scheduler also runs it once a week): as a job, since it mails
 * every subscriber and must not hold a request; a subscriber already sent this week's is skipped. Audited.
 */
export async function runDigestNow(ctx: ServiceContext): Promise<{ jobId: string | null }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	return inTransaction(ctx.tx, async (tx) => {
		const jobId = await enqueueJob(tx, weeklyDigestJob, { requestedBy: actor.id });
		await recordAudit(tx, { actorId: actor.id, action: 'digest.requested', subjectType: 'job', subjectId: jobId ?? 'directory.weekly-digest', details: {}, requestId: ctx.requestId });
		return { jobId };
	});
}

/** Recent job runs, for the secretariat. */
export async function listJobRuns(ctx: ServiceContext) {
	requireRole(ctx.actor, 'secretariat');
	const rows = await subscriptionQueries.selectJobRuns(ctx.tx ?? getDb(), 20);
	return rows.map((row) => ({ ...row, startedAt: row.startedAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null }));
}

/** Mondays at 08:00 UTC, once across all servers (a week missed while every server was down is sent once). */
export const weeklyDigestJob = defineJob('directory.weekly-digest', z.object({}).loose(), { retryLimit: 3, retryDelaySeconds: 300, expireInSeconds: 60 * 60 });
/** Every hour, once across all servers. */
export const deadlineRemindersJob = defineJob('directory.deadline-reminders', z.object({}).loose(), { retryLimit: 2, retryDelaySeconds: 300 });

/**
 * The directory's scheduled work. Both runs are idempotent (each e-mail is marked and queued in one transaction),
 * so a retried attempt after a crash sends nobody twice.
 */
export const subscriptionJobHandlers: JobHandler[] = [
	handleJob(weeklyDigestJob, async () => {
		// Safe to run twice in a week (a retry, a missed week sent late): each subscriber is marked once per week.
		const result = await runWeeklyDigest(getDb(), new Date());
		logger.info(result, 'weekly digest done');
	}, { schedule: { cron: '0 8 * * 1', missed: 'once' } }),
	handleJob(deadlineRemindersJob, async () => {
		await runDeadlineReminders(getDb(), new Date());
	}, { schedule: { cron: '5 * * * *' } })
];
