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
