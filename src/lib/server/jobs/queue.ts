import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss, type Job } from 'pg-boss';
import type { Executor } from '../db';
import type { OpenDatabase } from '../db/client';
import { logger } from '../logger';
import type { JobDefinition, JobHandler } from './define';

/** The schema pg-boss keeps its tables in, beside the application's. */
export const JOBS_SCHEMA = 'pgboss';

let boss: PgBoss | undefined;
let kind: OpenDatabase['kind'] | undefined;
const handlers = new Map<string, JobHandler>();

/** `work`: claim and run jobs here; `maintain` (default: as work): expire jobs of dead servers and run the cron. */
export interface JobsOptions {
	work: boolean;
	maintain?: boolean;
	/** Seconds between a worker's polls of an empty queue (2 by default). */
	pollingSeconds?: number;
}

function createBoss(database: OpenDatabase, options: JobsOptions): PgBoss {
	// Maintenance (expiring jobs whose server died, moving exhausted ones to their dead letter) and the cron
	// scheduler run where work is done; pg-boss elects one server per period for each, across all of them.
	const maintain = options.maintain ?? options.work;
	// Every 10 s a server looks for jobs whose server stopped beating (JOBS_SUPERVISE_SECONDS changes it).
	const superviseIntervalSeconds = Number(process.env.JOBS_SUPERVISE_SECONDS ?? 10);
	const common = { schema: JOBS_SCHEMA, supervise: maintain, schedule: maintain, superviseIntervalSeconds, migrate: true, persistWarnings: false };
	if (database.connection.kind === 'postgres') {
		return new PgBoss({ ...common, connectionString: database.connection.url, max: Number(process.env.JOBS_POOL_SIZE ?? 3), application_name: 'cabildo-jobs' });
	}
	return new PgBoss({ ...common, db: fromPglite(database.connection.client), backend: 'pglite' });
}

/**
 * Creates (or upgrades) the queue's tables: run once at start by the process that migrates, under pg-boss's own
 * advisory lock, so several servers starting together install it once.
 */
export async function installJobQueue(database: OpenDatabase): Promise<void> {
	const installer = createBoss(database, { work: false, maintain: false });
	installer.on('error', (error) => logger.error({ err: error }, 'job queue install error'));
	await installer.start();
	await installer.stop({ graceful: false, close: database.connection.kind === 'postgres' });
}

/**
 * Starts the queue on the open database and registers the handlers: their queues are created or updated with each
 * definition's policy, scheduled ones get their cron, and with `work` this process claims and runs jobs
 * (`FOR UPDATE SKIP LOCKED`, so two servers never run the same attempt). Without `work` it only enqueues
 * (tests, command-line tools).
 */
export async function startJobs(database: OpenDatabase, registrations: JobHandler[], options: JobsOptions): Promise<void> {
	if (boss) throw new Error('The job queue is already started');
	const instance = createBoss(database, options);
	instance.on('error', (error) => logger.error({ err: error }, 'job queue error'));
	await instance.start();
	boss = instance;
	kind = database.kind;
	handlers.clear();
	for (const handler of registrations) {
		handlers.set(handler.definition.name, handler);
		await ensureQueue(instance, handler.definition);
	}
	if (!options.work) return;
	const pollingIntervalSeconds = options.pollingSeconds ?? 2;
	for (const handler of registrations) {
		const { definition } = handler;
		if (handler.when && !handler.when()) continue;
		// Each job of a claimed batch is completed or failed on its own (one bad e-mail never fails its neighbours).
		await instance.work(definition.name, { batchSize: handler.batchSize, localConcurrency: handler.concurrency, pollingIntervalSeconds, perJobResults: true }, async (jobs) => {
			const results: { id: string; status: 'completed' | 'failed'; output?: object }[] = [];
			for (const job of jobs) {
				try {
					await runAttempt(handler, job);
					results.push({ id: job.id, status: 'completed' });
				} catch (error) {
					results.push({ id: job.id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } });
				}
			}
			return results;
		});
		if (definition.deadLetter && handler.onDeadLetter) {
			const onDeadLetter = handler.onDeadLetter;
			await instance.work(definition.deadLetter, { batchSize: 1, pollingIntervalSeconds: 5, includeMetadata: true }, async ([job]) => {
				await onDeadLetter(job.data, errorMessageOf(job.sourceOutput));
			});
		}
		if (!(options.maintain ?? true)) continue;
		if (handler.schedule) await instance.schedule(definition.name, handler.schedule.cron, handler.schedule.data ?? {}, { tz: 'UTC', missed: handler.schedule.missed ?? 'skip' });
		else await instance.unschedule(definition.name).catch(() => undefined);
	}
}

async function ensureQueue(instance: PgBoss, definition: JobDefinition<unknown>): Promise<void> {
	const { retryLimit, retryDelaySeconds, heartbeatSeconds, expireInSeconds } = definition.policy;
	const options = { retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, heartbeatSeconds, expireInSeconds };
	if (definition.deadLetter && !(await instance.getQueue(definition.deadLetter))) await instance.createQueue(definition.deadLetter, { retryLimit: 2 });
	// Two servers starting together may both find the queue missing: the second creation is a no-op for pg-boss.
	const deadLetter = definition.deadLetter ? { deadLetter: definition.deadLetter } : {};
	if (await instance.getQueue(definition.name)) await instance.updateQueue(definition.name, { ...options, deadLetter: definition.deadLetter ?? null });
	else await instance.createQueue(definition.name, { ...options, policy: definition.policy.policy, ...deadLetter });
}

async function runAttempt(handler: JobHandler, job: Job<unknown>): Promise<void> {
	const started = Date.now();
	try {
		await handler.run(job.data, { id: job.id, attempt: job.retryCount, signal: job.signal });
		logger.info({ job: job.name, jobId: job.id, attempt: job.retryCount, ms: Date.now() - started }, 'job done');
	} catch (error) {
		logger.warn({ err: error, job: job.name, jobId: job.id, attempt: job.retryCount }, 'job attempt failed');
		throw error;
	}
}

/** The message of a failed attempt's output (pg-boss stores the thrown error, serialised). */
export function errorMessageOf(output: unknown): string {
	if (output && typeof output === 'object' && 'message' in output && typeof output.message === 'string') return output.message;
	return output ? JSON.stringify(output).slice(0, 500) : 'failed';
}

function requireBoss(): PgBoss {
	if (!boss) throw new Error('The job queue is not started: call startJobs() first');
	return boss;
}

/** The running queue, for the jobs page and the metrics. */
export function getBoss(): PgBoss {
	return requireBoss();
}

/** Which database the queue runs on. */
export function jobsDatabaseKind(): OpenDatabase['kind'] | undefined {
	return kind;
}

/**
 * Enqueues a job in the caller's transaction, so it exists exactly when the change that asked for it commits (and
 * never when that change rolls back). Returns the job's id, or null when `singletonKey` already has one queued.
 */
export async function enqueueJob<T>(
	db: Executor,
	definition: JobDefinition<T>,
	data: T,
	options: { singletonKey?: string; startAfter?: Date } = {}
): Promise<string | null> {
	const payload = definition.payload.parse(data) as object;
	return requireBoss().send(definition.name, payload, {
		db: fromDrizzle(db as never, sql as never),
		...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
		...(options.startAfter ? { startAfter: options.startAfter } : {})
	});
}

/**
 * Registers more handlers on the running queue (their queues are created); they run through `runQueuedJobs`, or
 * by this process's workers when it was started with `work`.
 */
export async function registerJobHandlers(registrations: JobHandler[]): Promise<void> {
	const instance = requireBoss();
	for (const handler of registrations) {
		handlers.set(handler.definition.name, handler);
		await ensureQueue(instance, handler.definition);
	}
}

/**
 * Runs the queued jobs of these kinds in this process until none is left (tests and `npm run jobs:run`): each is
 * claimed, run by its handler and completed or failed exactly as a worker does.
 */
export async function runQueuedJobs(names: string[] = [...handlers.keys()]): Promise<number> {
	const instance = requireBoss();
	let ran = 0;
	for (let progress = true; progress; ) {
		progress = false;
		for (const name of names) {
			const handler = handlers.get(name);
			if (!handler) throw new Error(`No handler registered for job ${name}`);
			const [job] = await instance.fetch(name, { batchSize: 1 });
			if (!job) continue;
			progress = true;
			ran++;
			try {
				await runAttempt(handler, job);
				await instance.complete(name, job.id);
			} catch (error) {
				await instance.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
			}
		}
	}
	return ran;
}

/**
 * Stops this process's workers (they claim nothing more) and waits up to `timeoutMs` for the attempts they are
 * running, while the queue stays open: requests still finishing during a shutdown can enqueue their jobs, which
 * another server (or this one after its restart) runs. Then stopJobs closes it.
 */
export async function pauseJobWork(timeoutMs = 20_000): Promise<void> {
	const instance = boss;
	if (!instance) return;
	const names = [...handlers.values()].flatMap(({ definition }) => [definition.name, ...(definition.deadLetter ? [definition.deadLetter] : [])]);
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([
		Promise.allSettled(names.map((name) => instance.offWork(name, { wait: true }))),
		new Promise((resolve) => {
			timer = setTimeout(resolve, timeoutMs);
		})
	]);
	clearTimeout(timer);
}

/**
 * Stops claiming jobs and waits for the attempts in progress (up to `timeoutMs`), then closes the queue's
 * connections. An attempt cut off here is retried by another server, or by this one after its restart.
 */
export async function stopJobs(timeoutMs = 20_000): Promise<void> {
	const instance = boss;
	boss = undefined;
	handlers.clear();
	if (!instance) return;
	await instance.stop({ graceful: true, timeout: timeoutMs, close: kind === 'postgres' });
}
