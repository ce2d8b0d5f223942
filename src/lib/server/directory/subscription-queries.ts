import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { rowsOf } from './queries';
import { callFollow, cooperationService, expert, expertCompetency, fundingCall, institution, jobRun, notificationSent, subscription, user } from '../db/schema';


/** A user's subscription, if any. */
export async function selectSubscription(db: Executor, userId: string) {
	const [row] = await db.select().from(subscription).where(eq(subscription.userId, userId)).limit(1);
	return row;
}

/** Creates or replaces a user's subscription (a new one gets its unsubscribe token). */
export async function upsertSubscription(db: Executor, values: { userId: string; themes: string[]; countries: string[]; active: boolean; locale: string; token: string }) {
	await db
		.insert(subscription)
		.values({ userId: values.userId, themes: values.themes, countries: values.countries, active: values.active, locale: values.locale, unsubscribeToken: values.token })
		.onConflictDoUpdate({
			target: subscription.userId,
			set: { themes: values.themes, countries: values.countries, active: values.active, locale: values.locale, updatedAt: new Date() }
		});
}

/** Switches off the subscription with this token; returns whether one was found. */
export async function deactivateByToken(db: Executor, token: string): Promise<boolean> {
	const rows = await db.update(subscription).set({ active: false, updatedAt: new Date() }).where(eq(subscription.unsubscribeToken, token)).returning({ userId: subscription.userId });
	return rows.length > 0;
}

/** Whether a token belongs to a subscription (and whether it is active). */
export async function selectByToken(db: Executor, token: string) {
	const [row] = await db.select({ active: subscription.active }).from(subscription).where(eq(subscription.unsubscribeToken, token)).limit(1);
	return row;
}

/** Follows or unfollows a call. */
export async function setFollow(db: Executor, userId: string, callId: string, follow: boolean): Promise<void> {
	if (follow) await db.insert(callFollow).values({ userId, callId }).onConflictDoNothing();
	else await db.delete(callFollow).where(and(eq(callFollow.userId, userId), eq(callFollow.callId, callId)));
}

/** Whether a user follows a call. */
export async function selectFollows(db: Executor, userId: string, callId: string): Promise<boolean> {
	const rows = await db.select({ callId: callFollow.callId }).from(callFollow).where(and(eq(callFollow.userId, userId), eq(callFollow.callId, callId))).limit(1);
	return rows.length > 0;
}

/**
 * Entries verified since a moment, of every type, with what the digest matches on, newest first (a digest lists at
 * most 50 per subscriber: the newest). No cap: a week's verified entries are bounded by what the secretariat verifies,
 * and a cap (there was one, of 2,000, in type order) silently left whole types out of a busy week's digests.
 */
export async function selectNewEntries(db: Executor, since: Date) {
	const from = since.toISOString();
	const result = await db.execute(sql`
		select 'institution' as type, id, name as title, array_prepend(country_code, countries_served) as countries, themes, verified_at from ${institution}
			where status = 'verified' and verified_at >= ${from}::timestamptz
		union all select 'funding_call', id, title, eligible_countries, themes, verified_at from ${fundingCall}
			where status = 'verified' and verified_at >= ${from}::timestamptz
		union all select 'expert', e.id, e.name, e.countries, array(select k.theme from ${expertCompetency} k where k.expert_id = e.id), e.verified_at from ${expert} e
			where e.status = 'verified' and e.verified_at >= ${from}::timestamptz
		union all select 'service', id, name, service_areas, themes, verified_at from ${cooperationService}
			where status = 'verified' and service_status = 'active' and verified_at >= ${from}::timestamptz
		order by verified_at desc, 1, 2`);
	return rowsOf<{ type: 'institution' | 'funding_call' | 'expert' | 'service'; id: string; title: string; countries: string[]; themes: string[] }>(result);
}

/** Active subscriptions after a user id (keyset), with the subscriber's address. */
export async function selectSubscriptionBatch(db: Executor, afterUserId: string | null, limit: number) {
	return db
		.select({ userId: subscription.userId, email: user.email, themes: subscription.themes, countries: subscription.countries, locale: subscription.locale, token: subscription.unsubscribeToken })
		.from(subscription)
		.innerJoin(user, eq(user.id, subscription.userId))
		.where(and(eq(subscription.active, true), afterUserId ? gt(subscription.userId, afterUserId) : undefined))
		.orderBy(asc(subscription.userId))
		.limit(limit);
}

/** Marks notifications as sent; returns the users for whom the mark is new (the others were sent before). */
export async function markSent(db: Executor, kind: string, key: string, userIds: string[]): Promise<Set<string>> {
	if (!userIds.length) return new Set();
	const rows = await db
		.insert(notificationSent)
		.values(userIds.map((userId) => ({ kind, userId, key })))
		.onConflictDoNothing()
		.returning({ userId: notificationSent.userId });
	return new Set(rows.map((row) => row.userId));
}

/** Follows of calls that are open and close within `days`, with the follower's address and the reminders already sent. */
export async function selectFollowsClosingWithin(db: Executor, now: Date, days: number) {
	const result = await db.execute(sql`
		select f.user_id, u.email, c.id as call_id, c.title, c.closes_at, c.time_zone,
			coalesce(s.locale, 'es') as locale,
			array(select split_part(n.key, ':', 2)::int from ${notificationSent} n where n.kind = 'reminder' and n.user_id = f.user_id and n.key like c.id::text || ':%') as sent
		from ${callFollow} f join ${fundingCall} c on c.id = f.call_id join ${user} u on u.id = f.user_id
		left join ${subscription} s on s.user_id = f.user_id
		where c.status = 'verified' and c.closes_at > ${now.toISOString()}::timestamptz
			and c.closes_at <= ${new Date(now.getTime() + days * 86_400_000).toISOString()}::timestamptz
		order by f.user_id limit 50000`);
	return rowsOf<{ user_id: string; email: string; call_id: string; title: string; closes_at: string | Date; time_zone: string; locale: string; sent: number[] }>(result);
}

/** Starts a job run; returns its id. */
export async function insertJobRun(db: Executor, kind: string, period: string): Promise<string> {
	const [row] = await db.insert(jobRun).values({ kind, period }).returning({ id: jobRun.id });
	return row.id;
}

/** Records a job run's progress (and its end). */
export async function updateJobRun(db: Executor, id: string, values: { processed: number; sent: number; finished?: boolean }): Promise<void> {
	await db
		.update(jobRun)
		.set({ processed: values.processed, sent: values.sent, ...(values.finished ? { finishedAt: new Date() } : {}) })
		.where(eq(jobRun.id, id));
}

/** The latest job runs, newest first. */
export async function selectJobRuns(db: Executor, limit: number) {
	return db.select().from(jobRun).orderBy(sql`${jobRun.startedAt} desc`).limit(limit);
}
