import { sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { JOBS_SCHEMA } from './queue';

// pg-boss's job table, in the schema the queue is started with (one name for both, so they cannot drift).
const jobTable = sql.raw(`"${JOBS_SCHEMA}".job`);

// Read-only views of pg-boss's job table for the administrators' page. Writes go through pg-boss's API only.

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobRow {
	id: string;
	name: string;
	state: JobState;
	retry_count: number;
	retry_limit: number;
	created_on: Date | string;
	started_on: Date | string | null;
	completed_on: Date | string | null;
	output: unknown;
	singleton_key: string | null;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A page of jobs, newest first, of one state and queue when given. */
export async function selectJobPage(db: Executor, filter: { states?: JobState[]; name?: string; limit: number; offset: number }): Promise<{ items: JobRow[]; total: number }> {
	const conditions = [sql`true`];
	if (filter.states?.length) conditions.push(sql`state::text in ${filter.states}`);
	if (filter.name) conditions.push(sql`name = ${filter.name}`);
	const where = sql.join(conditions, sql` and `);
	const items = rowsOf<JobRow>(
		await db.execute(sql`select id::text, name, state::text as state, retry_count, retry_limit, created_on, started_on, completed_on, output, singleton_key
			from ${jobTable} where ${where} order by created_on desc, id limit ${filter.limit} offset ${filter.offset}`)
	);
	const [counted] = rowsOf<{ total: number | string }>(await db.execute(sql`select count(*) as total from ${jobTable} where ${where}`));
	return { items, total: Number(counted?.total ?? 0) };
}

/** How many jobs each queue holds in each state. */
export async function selectJobCounts(db: Executor): Promise<{ name: string; state: JobState; count: number }[]> {
	const rows = rowsOf<{ name: string; state: JobState; count: number | string }>(
		await db.execute(sql`select name, state::text as state, count(*) as count from ${jobTable} group by name, state order by name, state`)
	);
	return rows.map((row) => ({ ...row, count: Number(row.count) }));
}

/** One job. */
export async function selectJob(db: Executor, id: string): Promise<JobRow | undefined> {
	const [row] = rowsOf<JobRow>(
		await db.execute(sql`select id::text, name, state::text as state, retry_count, retry_limit, created_on, started_on, completed_on, output, singleton_key
			from ${jobTable} where id = ${id}::uuid`)
	);
	return row;
}

/** The newest job of a queue with this singleton key (an import's job, found from its dataset). */
export async function selectJobByKey(db: Executor, name: string, key: string): Promise<JobRow | undefined> {
	const [row] = rowsOf<JobRow>(
		await db.execute(sql`select id::text, name, state::text as state, retry_count, retry_limit, created_on, started_on, completed_on, output, singleton_key
			from ${jobTable} where name = ${name} and singleton_key = ${key} order by created_on desc limit 1`)
	);
	return row;
}
