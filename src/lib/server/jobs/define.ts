import type { z } from 'zod';

/** How a kind of job is retried and for how long one attempt may run before another server takes it over. */
export interface JobPolicy {
	/** Attempts after the first one; then the job is failed (the dead-letter state) with its last error. */
	retryLimit: number;
	/** Seconds before the first retry; doubled at each further one (exponential backoff). */
	retryDelaySeconds: number;
	/**
	 * Seconds between a running job's heartbeats. A server killed mid-job stops beating, and after this long the
	 * job is given to another server (or to this one after its restart) as a new attempt.
	 */
	heartbeatSeconds: number;
	/** Longest a single attempt may run. */
	expireInSeconds: number;
	/**
	 * 'exclusive': at most one job per singleton key is queued or running (a message, a dataset), so a job enqueued
	 * twice, by two servers or by a sweep, runs once. 'standard': no such limit.
	 */
	policy: 'standard' | 'exclusive';
}

/**
 * A kind of background work: a stable name, the Zod shape of its payload and its retry policy. The module that
 * produces the work defines it; the module that does the work registers a handler (`handleJob`), so a producer
 * never imports its consumer.
 */
export interface JobDefinition<T> {
	name: string;
	payload: z.ZodType<T>;
	policy: JobPolicy;
	/** The queue a job moves to when its last attempt fails; its handler can record why (e.g. an import's page). */
	deadLetter?: string;
}

const defaults: JobPolicy = { retryLimit: 4, retryDelaySeconds: 30, heartbeatSeconds: 30, expireInSeconds: 15 * 60, policy: 'standard' };

/** Names are dotted, lower case: module.verb-noun (pg-boss accepts letters, digits, '.', '_' and '-'). */
const NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export function defineJob<T>(name: string, payload: z.ZodType<T>, policy: Partial<JobPolicy> & { deadLetter?: boolean } = {}): JobDefinition<T> {
	if (!NAME.test(name)) throw new Error(`Job name "${name}" must look like module.verb-noun`);
	const { deadLetter, ...rest } = policy;
	return { name, payload, policy: { ...defaults, ...rest }, deadLetter: deadLetter ? `${name}.dead` : undefined };
}

/** What a handler is told of the attempt it runs. */
export interface JobRun {
	id: string;
	/** 0 for the first attempt. */
	attempt: number;
	/** Aborted when the server shuts down past its grace period or the attempt expires. */
	signal: AbortSignal;
}

/** A cron expression in UTC; `missed: 'once'` sends one job for occurrences that fell while no server ran. */
export interface JobSchedule {
	cron: string;
	data?: object;
	missed?: 'skip' | 'once';
}

/** A handler for one kind of job, optionally run on a schedule (cron, UTC) once per period across all servers. */
export interface JobHandler {
	definition: JobDefinition<unknown>;
	run: (data: unknown, job: JobRun) => Promise<void>;
	/** Runs when the job's last attempt failed, with the payload and the last error (dead-letter). */
	onDeadLetter?: (data: unknown, error: string) => Promise<void>;
	schedule?: JobSchedule;
	/** Attempts of this kind one server runs at once. */
	concurrency: number;
	/** Jobs one worker claims per fetch and runs one after the other (short jobs, e.g. one e-mail each). */
	batchSize: number;
	/** Whether this server can do this work (e.g. mail only where SMTP is configured); read when the queue starts. */
	when?: () => boolean;
}

export function handleJob<T>(
	definition: JobDefinition<T>,
	run: (data: T, job: JobRun) => Promise<void>,
	options: { schedule?: JobSchedule; concurrency?: number; batchSize?: number; when?: () => boolean; onDeadLetter?: (data: T, error: string) => Promise<void> } = {}
): JobHandler {
	return {
		definition: definition as JobDefinition<unknown>,
		run: (data, job) => run(definition.payload.parse(data), job),
		onDeadLetter: options.onDeadLetter ? (data, error) => options.onDeadLetter!(definition.payload.parse(data), error) : undefined,
		schedule: options.schedule,
		concurrency: options.concurrency ?? 1,
		batchSize: options.batchSize ?? 1,
		when: options.when
	};
}
