// The embedded database off the request thread (issue 12 §5, decision 0018). PGlite runs in a worker thread of this
// process (it dies with it: no orphan can hold the data directory) and serves the PostgreSQL protocol on a unix
// socket in a private temporary folder; the app reaches it with node-postgres and the same Drizzle driver as on a
// PostgreSQL server. A long query or an import then costs the worker's CPU, not the event loop that answers pages.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Pool } from 'pg';
import { logger } from '../logger';
import * as schema from './schema';
import type { Database, OpenDatabase, PgliteClient } from './types';
import { acquireDirectoryLock } from './directory-lock';
import { pgliteWorkerSource } from './pglite-worker-source';

type WorkerReply = { type: 'ready' } | { type: 'error'; message: string } | { type: 'closed'; error?: string } | { type: 'dump'; id: number; bytes?: ArrayBuffer; error?: string };

/**
 * Opens PGlite in a worker thread; `dir` null keeps it in memory, `loadFrom` (a dumped data directory) fills a new one.
 * The pool has one connection, because PGlite is one session: queries and transactions queue for it in order, so two
 * callers' transactions never interleave (a transaction holds the connection from BEGIN to COMMIT).
 */
export async function openPgliteThread(dir: string | null, loadFrom?: Blob): Promise<OpenDatabase> {
	let releaseLock = () => {};
	if (dir) {
		mkdirSync(dir, { recursive: true });
		releaseLock = acquireDirectoryLock(dir);
	}
	// mkdtemp makes the folder 0700: only this user can reach the socket (the protocol relay asks for no password).
	const socketDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-pglite-'));
	const removeSocketDir = () => rmSync(socketDir, { recursive: true, force: true });
	const require = createRequire(import.meta.url);
	const worker = new Worker(pgliteWorkerSource, {
		eval: true,
		workerData: {
			pgliteUrl: pathToFileURL(require.resolve('@electric-sql/pglite')).href,
			pgTrgmUrl: pathToFileURL(require.resolve('@electric-sql/pglite/contrib/pg_trgm')).href,
			dataDir: dir ? path.resolve(dir) : null,
			loadFrom: loadFrom ? await loadFrom.arrayBuffer() : null,
			socketPath: path.join(socketDir, '.s.PGSQL.5432')
		}
	});
	try {
		await whenReady(worker);
	} catch (error) {
		await worker.terminate();
		removeSocketDir();
		releaseLock();
		throw error;
	}
	const requests = trackWorkerReplies(worker);

	const { Pool } = await import('pg');
	const { drizzle } = await import('drizzle-orm/node-postgres');
	// idleTimeoutMillis 0: the one connection stays open (reconnecting would reset the session for nothing).
	const pool = new Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1, idleTimeoutMillis: 0 });
	pool.on('error', () => undefined);
	const db = drizzle({ client: pool, schema }) as unknown as Database;
	let closing: Promise<void> | undefined;
	return {
		db,
		kind: 'pglite',
		driver: 'node-postgres',
		connection: { kind: 'pglite', client: poolClient(pool) },
		dump: async (compression = 'none') => new Blob([await requests.dump(compression)], { type: compression === 'gzip' ? 'application/gzip' : 'application/x-tar' }),
		poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: 1 }),
		// The pool first (queries in flight finish), then PGlite closes its files in the worker, then the thread ends.
		close: () =>
			(closing ??= (async () => {
				try {
					await pool.end();
					await requests.close();
				} finally {
					await worker.terminate();
					removeSocketDir();
					releaseLock();
				}
			})())
	};
}

/** Resolves when the worker listens; rejects when it fails or exits first. */
function whenReady(worker: Worker): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const onMessage = (reply: WorkerReply) => {
			if (reply.type === 'ready') settle();
			else if (reply.type === 'error') settle(new Error(`The embedded database could not start: ${reply.message}`));
		};
		const onError = (error: Error) => settle(error);
		const onExit = (code: number) => settle(new Error(`The embedded database worker exited (${code}) before it was ready`));
		const settle = (error?: Error) => {
			worker.off('message', onMessage).off('error', onError).off('exit', onExit);
			if (error) reject(error);
			else resolve();
		};
		worker.on('message', onMessage).on('error', onError).on('exit', onExit);
	});
}

/** What the job queue (pg-boss's PGlite adapter) and the migrations need, over the one pooled connection. */
function poolClient(pool: Pool): PgliteClient {
	return {
		query: async <T>(text: string, params?: unknown[]) => ({ rows: (await pool.query(text, params)).rows as T[] }),
		// A multi-statement text goes in one simple-protocol query on one connection; a failure inside its own BEGIN
		// leaves that connection aborted, so it is rolled back before the next caller gets it.
		exec: async (text: string) => {
			const client = await pool.connect();
			try {
				const result = (await client.query(text)) as unknown as { rows: unknown[] } | Array<{ rows: unknown[] }>;
				return Array.isArray(result) ? result : [result];
			} catch (error) {
				await client.query('rollback').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		}
	};
}

/** Dump and close requests to the worker, each answered by its reply; a worker that dies fails what waits. */
function trackWorkerReplies(worker: Worker) {
	let next = 0;
	const dumps = new Map<number, { resolve: (bytes: ArrayBuffer) => void; reject: (error: Error) => void }>();
	let closed: { resolve: () => void; reject: (error: Error) => void } | undefined;
	worker.on('message', (reply: WorkerReply) => {
		if (reply.type === 'dump') {
			const waiting = dumps.get(reply.id);
			dumps.delete(reply.id);
			if (reply.bytes) waiting?.resolve(reply.bytes);
			else waiting?.reject(new Error(`The embedded database could not be dumped: ${reply.error}`));
		} else if (reply.type === 'closed') {
			if (reply.error) closed?.reject(new Error(`The embedded database did not close cleanly: ${reply.error}`));
			else closed?.resolve();
		}
	});
	const failAll = (error: Error) => {
		for (const waiting of dumps.values()) waiting.reject(error);
		dumps.clear();
		closed?.reject(error);
	};
	// A worker that fails after start leaves the pool without a server: its queries fail, and so does what waits here.
	// The operator reads why in the log (an exit after close is the normal end and says nothing).
	worker.on('error', (error) => {
		logger.error({ err: error }, 'the embedded database worker failed');
		failAll(error);
	});
	worker.on('exit', (code) => {
		if (!closed) logger.error({ code }, 'the embedded database worker exited: queries fail until the server restarts');
		failAll(new Error(`The embedded database worker exited (${code})`));
	});
	return {
		dump: (compression: 'none' | 'gzip') =>
			new Promise<ArrayBuffer>((resolve, reject) => {
				const id = next++;
				dumps.set(id, { resolve, reject });
				worker.postMessage({ type: 'dump', id, compression });
			}),
		close: () =>
			new Promise<void>((resolve, reject) => {
				closed = { resolve, reject };
				worker.postMessage({ type: 'close' });
			})
	};
}
