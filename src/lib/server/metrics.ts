// GET /metrics in Prometheus text format (prom-client): request durations recorded by the request hook, the job
// queue and the database pool read when Prometheus scrapes (never on a timer), and the process's own metrics.
// Reachable from METRICS_ALLOW (default loopback) or with `Authorization: Bearer <METRICS_TOKEN>`; anyone else gets
// the site's ordinary 404, so the endpoint does not announce itself (docs/deploy.md, "What to monitor").
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getConfig } from './config';
import { getOpenDatabase } from './db';
import { readQueueDepth } from './jobs';
import { logger } from './logger';

const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requestDuration = new Histogram({
	name: 'cabildo_http_request_duration_seconds',
	help: 'Time to answer a request, by SvelteKit route id (unmatched: no route), method and status.',
	labelNames: ['route', 'method', 'status'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
	registers: [registry]
});

const jobGauges = {
	queued: new Gauge({ name: 'cabildo_job_queue_depth', help: 'Jobs waiting to run (created or waiting for a retry), by queue.', labelNames: ['queue'] as const, registers: [registry] }),
	running: new Gauge({ name: 'cabildo_job_queue_running', help: 'Jobs running now, by queue.', labelNames: ['queue'] as const, registers: [registry] }),
	failed: new Gauge({ name: 'cabildo_job_queue_failed', help: 'Jobs that failed for good (or were cancelled) and are still kept, by queue.', labelNames: ['queue'] as const, registers: [registry] })
};
const jobQueueReadable = new Gauge({
	name: 'cabildo_job_queue_readable',
	help: '1 when the last scrape could read the job queue, 0 when the query failed (the queue gauges are then empty).',
	registers: [registry]
});

// Registered on the first scrape that finds a PostgreSQL pool: on PGlite there is none, so no zeros pretend otherwise.
let pool: Record<'inUse' | 'idle' | 'waiting' | 'max', Gauge> | undefined;
function poolGauges(): NonNullable<typeof pool> {
	pool ??= {
		inUse: new Gauge({ name: 'cabildo_db_pool_in_use', help: 'PostgreSQL connections of the app pool running a query.', registers: [registry] }),
		idle: new Gauge({ name: 'cabildo_db_pool_idle', help: 'PostgreSQL connections of the app pool open and idle.', registers: [registry] }),
		waiting: new Gauge({ name: 'cabildo_db_pool_waiting', help: 'Queries waiting for a free connection of the app pool.', registers: [registry] }),
		max: new Gauge({ name: 'cabildo_db_pool_max', help: 'Size of the app pool (DATABASE_POOL_SIZE).', registers: [registry] })
	};
	return pool;
}

/** Records one answered request; called by the request hook, so it only touches memory. */
export function observeRequest(route: string | null, method: string, status: number, seconds: number): void {
	requestDuration.observe({ route: route ?? 'unmatched', method, status: String(status) }, seconds);
}

/** Reads what lives in the database, on scrape only: one grouped query on the job table, the pool's counters. */
async function collectOnScrape(): Promise<void> {
	for (const gauge of Object.values(jobGauges)) gauge.reset();
	try {
		for (const { name, view, count } of await readQueueDepth()) {
			if (view === 'queued' || view === 'running' || view === 'failed') jobGauges[view].inc({ queue: name }, count);
		}
		jobQueueReadable.set(1);
	} catch (error) {
		jobQueueReadable.set(0);
		logger.warn({ err: error }, 'metrics: the job queue could not be read');
	}
	const stats = getOpenDatabase()?.poolStats?.();
	if (stats) {
		const pool = poolGauges();
		pool.inUse.set(stats.total - stats.idle);
		pool.idle.set(stats.idle);
		pool.waiting.set(stats.waiting);
		pool.max.set(stats.max);
	}
}

/** The exposition text and its content type. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
	await collectOnScrape();
	return { body: await registry.metrics(), contentType: registry.contentType };
}

let allowed: { source: string[]; list: BlockList } | undefined;

function allowList(entries: string[]): BlockList {
	if (allowed?.source === entries) return allowed.list;
	const list = new BlockList();
	for (const entry of entries) {
		const [address, prefix] = entry.split('/');
		const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
		if (prefix === undefined) list.addAddress(address, family);
		else list.addSubnet(address, Number(prefix), family);
	}
	allowed = { source: entries, list };
	return list;
}

/**
 * Whether a scrape may read the metrics: its client address is in METRICS_ALLOW, or it carries the bearer token.
 * `address` is what SvelteKit's getClientAddress() gives (the socket, or ADDRESS_HEADER behind a proxy); undefined
 * when it cannot be known.
 */
export function mayReadMetrics(
	request: { address: string | undefined; authorization: string | null },
	config: { metricsAllow: string[]; metricsToken: string | undefined } = getConfig()
): boolean {
	const token = /^Bearer\s+(\S+)$/i.exec(request.authorization ?? '')?.[1];
	if (token && config.metricsToken && sameSecret(token, config.metricsToken)) return true;
	if (!request.address) return false;
	// A dual-stack listener reports IPv4 clients as ::ffff:a.b.c.d.
	const address = request.address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
	const family = isIP(address);
	if (!family) return false;
	return allowList(config.metricsAllow).check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function sameSecret(given: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}
