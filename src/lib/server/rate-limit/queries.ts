import { sql } from 'drizzle-orm';
import type { Executor } from '../db';

/** Counts one hit in a fixed window and returns the count and the window's start, atomically. */
export async function hitBucket(
	db: Executor,
	key: string,
	windowSeconds: number,
	now: Date
): Promise<{ count: number; windowStart: Date }> {
	const windowFloor = new Date(now.getTime() - windowSeconds * 1000);
	const result = await db.execute(sql`
		insert into rate_limit_bucket (key, window_start, count) values (${key}, ${now.toISOString()}, 1)
		on conflict (key) do update set
			count = case when rate_limit_bucket.window_start <= ${windowFloor.toISOString()} then 1 else rate_limit_bucket.count + 1 end,
			window_start = case when rate_limit_bucket.window_start <= ${windowFloor.toISOString()} then excluded.window_start else rate_limit_bucket.window_start end
		returning count, window_start`);
	const row = (result as unknown as { rows: { count: number; window_start: string | Date }[] }).rows[0];
	return { count: Number(row.count), windowStart: new Date(row.window_start) };
}

/** Forgets buckets whose window ended long ago. */
export async function deleteStaleBuckets(db: Executor, olderThan: Date): Promise<void> {
	await db.execute(sql`delete from rate_limit_bucket where window_start < ${olderThan.toISOString()}`);
}

/**
 * Counts one sign-in attempt of an account from an address, atomically across servers, unless its back-off is
 * running: `window_start` holds the time of the latest counted attempt, `count` the failures in a row (the attempt
 * counted now included; a success deletes the row). Returns the new count, or null when refused.
 */
export async function admitAttempt(
	db: Executor,
	key: string,
	options: { now: Date; freeFailures: number; maxBackoffSeconds: number; forgetAfterSeconds: number }
): Promise<number | null> {
	const now = options.now.toISOString();
	const forgetFloor = new Date(options.now.getTime() - options.forgetAfterSeconds * 1000).toISOString();
	const result = await db.execute(sql`
		insert into rate_limit_bucket (key, window_start, count) values (${key}, ${now}, 1)
		on conflict (key) do update set
			count = case when rate_limit_bucket.window_start <= ${forgetFloor}::timestamptz then 1 else rate_limit_bucket.count + 1 end,
			window_start = excluded.window_start
		where rate_limit_bucket.window_start <= ${forgetFloor}::timestamptz
			or rate_limit_bucket.count < ${options.freeFailures}::integer
			or rate_limit_bucket.window_start + make_interval(secs => least(power(2, rate_limit_bucket.count - ${options.freeFailures}::integer), ${options.maxBackoffSeconds}::integer)) <= ${now}::timestamptz
		returning count`);
	const row = (result as unknown as { rows: { count: number }[] }).rows[0];
	return row ? Number(row.count) : null;
}

/** The count and window start of some buckets (absent ones are left out). */
export async function readBuckets(db: Executor, keys: string[]): Promise<Map<string, { count: number; windowStart: Date }>> {
	const result = await db.execute(sql`select key, count, window_start from rate_limit_bucket where key in (${sql.join(keys.map((key) => sql`${key}`), sql`, `)})`);
	const rows = (result as unknown as { rows: { key: string; count: number; window_start: string | Date }[] }).rows;
	return new Map(rows.map((row) => [row.key, { count: Number(row.count), windowStart: new Date(row.window_start) }]));
}

/** Forgets one bucket (a successful sign-in ends its failures in a row). */
export async function deleteBucket(db: Executor, key: string): Promise<void> {
	await db.execute(sql`delete from rate_limit_bucket where key = ${key}`);
}
