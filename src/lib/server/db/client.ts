import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as schema from './schema';
import { acquireDirectoryLock } from './directory-lock';
import type { Database, OpenDatabase, PgliteClient } from './types';

export { DatabaseLockedError } from './directory-lock';

export type { Database, Executor, OpenDatabase, PgliteClient, PoolStats, Transaction } from './types';

/**
 * Opens PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir/pgdata`: in a worker thread reached
 * through node-postgres (decision 0018), or in this thread with PGLITE_THREAD=off.
 */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; pgliteDataDir?: string | null }): Promise<OpenDatabase> {
	if (options.databaseUrl) return openPostgres(options.databaseUrl);
	const dir = options.pgliteDataDir === undefined ? path.join(options.dataDir ?? './data', 'pgdata') : options.pgliteDataDir;
	if (pgliteInProcess()) return openPglite(dir);
	const { openPgliteThread } = await import('./pglite-thread');
	return openPgliteThread(dir);
}

/** PGLITE_THREAD=off (or 0, false) keeps PGlite on the server's thread, as before decision 0018. */
export function pgliteInProcess(): boolean {
	return ['off', '0', 'false'].includes((process.env.PGLITE_THREAD ?? '').toLowerCase());
}

async function openPostgres(url: string): Promise<OpenDatabase> {
	const { Pool } = await import('pg');
	const { drizzle } = await import('drizzle-orm/node-postgres');
	const max = Number(process.env.DATABASE_POOL_SIZE ?? 10);
	const pool = new Pool({ connectionString: url, max });
	const db = drizzle({ client: pool, schema }) as unknown as Database;
	return {
		db,
		kind: 'postgres',
		driver: 'node-postgres',
		close: () => pool.end(),
		connection: { kind: 'postgres', url },
		poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max })
	};
}

/** Opens PGlite in this thread (tests, restores, PGLITE_THREAD=off); `dir` null keeps it in memory. Loads from `loadFrom` (a dumped data dir) when given. */
export async function openPglite(dir: string | null, loadFrom?: Blob): Promise<OpenDatabase> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
	const { drizzle } = await import('drizzle-orm/pglite');
	let releaseLock = () => {};
	if (dir) {
		mkdirSync(dir, { recursive: true });
		releaseLock = acquireDirectoryLock(dir);
	}
	try {
		const client = await PGlite.create({
			...(dir ? { dataDir: dir } : {}),
			...(loadFrom ? { loadDataDir: loadFrom } : {}),
			extensions: { pg_trgm }
		});
		const db = drizzle({ client, schema }) as unknown as Database;
		return {
			db,
			kind: 'pglite',
			driver: 'pglite',
			connection: { kind: 'pglite', client: client as unknown as PgliteClient },
			dump: (compression = 'none') => client.dumpDataDir(compression),
			close: async () => {
				await client.close();
				releaseLock();
			}
		};
	} catch (error) {
		releaseLock();
		throw error;
	}
}
