import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { pageWindow, paginationFields } from '../pagination';
import { requireRole } from '../policy';
import * as queries from './queries';
import { errorMessageOf, getBoss } from './queue';

export const jobStates = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
/** What the jobs page filters by: waiting (created, retry), running, done, failed (and cancelled). */
export const jobViews = { queued: ['created', 'retry'], running: ['active'], done: ['completed'], failed: ['failed', 'cancelled'] } as const;
export type JobView = keyof typeof jobViews;

const ZJobQuery = z.object({
	view: z.preprocess((v) => (v === '' ? undefined : v), z.enum(Object.keys(jobViews) as [JobView, ...JobView[]]).optional()),
	name: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).regex(/^[a-z0-9._-]+$/).optional()),
	...paginationFields(25)
});

export interface JobDto {
	id: string;
	name: string;
	state: (typeof jobStates)[number];
	view: JobView;
	attempt: number;
	retryLimit: number;
	key: string | null;
	createdAt: string;
	startedAt: string | null;
	finishedAt: string | null;
	error: string | null;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const viewOf = (state: string): JobView => (Object.entries(jobViews).find(([, states]) => (states as readonly string[]).includes(state))?.[0] as JobView) ?? 'failed';

function toJobDto(row: queries.JobRow): JobDto {
	return {
		id: row.id,
		name: row.name,
		state: row.state,
		view: viewOf(row.state),
		attempt: row.retry_count + 1,
		retryLimit: row.retry_limit,
		key: row.singleton_key,
		createdAt: iso(row.created_on)!,
		startedAt: iso(row.started_on),
		finishedAt: iso(row.completed_on),
		error: row.state === 'failed' || row.state === 'retry' ? errorMessageOf(row.output) : null
	};
}

/** Administrators see the queue: counts per kind and state, and a page of jobs, newest first. */
export async function listJobs(ctx: ServiceContext, input: unknown) {
	requireRole(ctx.actor, 'admin');
	const query = parseInput(ZJobQuery, input);
	const db = ctx.tx ?? getDb();
	const { items, total } = await queries.selectJobPage(db, { states: query.view ? [...jobViews[query.view]] : undefined, name: query.name, ...pageWindow(query) });
	const counts = await queries.selectJobCounts(db);
	const byName = new Map<string, Record<JobView, number>>();
	for (const { name, state, count } of counts) {
		const entry = byName.get(name) ?? { queued: 0, running: 0, done: 0, failed: 0 };
		entry[viewOf(state)] += count;
		byName.set(name, entry);
	}
	return {
		items: items.map(toJobDto),
		total,
		page: query.page,
		pageSize: query.pageSize,
		filter: { view: query.view ?? null, name: query.name ?? null },
		queues: [...byName].map(([name, views]) => ({ name, ...views }))
	};
}

/** Administrators send a failed job back to the queue for a new attempt; the retry is in the audit log. */
export async function retryJob(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'admin');
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND');
	const db = ctx.tx ?? getDb();
	const job = await queries.selectJob(db, parsed.data);
	if (!job) throw new AppError('NOT_FOUND');
	if (job.state !== 'failed' && job.state !== 'cancelled') throw new AppError('CONFLICT', { fields: [{ field: 'job', messageKey: 'error_job_not_failed' }] });
	await getBoss().retry(job.name, job.id);
	await recordAudit(db, { actorId: actor.id, action: 'job.retried', subjectType: 'job', subjectId: job.id, details: { name: job.name }, requestId: ctx.requestId });
}

/** The latest job of a kind for one key (e.g. an import's dataset), for the page that waits on it. */
export async function findJobByKey(db: Executor, name: string, key: string): Promise<JobDto | null> {
	const row = await queries.selectJobByKey(db, name, key);
	return row ? toJobDto(row) : null;
}

/** Jobs waiting, running and failed per kind: the queue's depth for the metrics. */
export async function readQueueDepth(db: Executor = getDb()): Promise<{ name: string; view: JobView; count: number }[]> {
	const counts = await queries.selectJobCounts(db);
	return counts.map(({ name, state, count }) => ({ name, view: viewOf(state), count }));
}
