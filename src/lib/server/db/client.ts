import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** A Drizzle database over either driver; services only see this type. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, usable wherever a Database is. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a query can run on. */
export type Executor = Database | Transaction;

export interface OpenDatabase {
	db: Database;
	kind: 'pglite' | 'postgres';
	close: () => Promise<void>;
	/** PGlite only: the whole data directory as a tarball (tests clone a prepared database; backups gzip it). */
	dump?: (compression?: 'none' | 'gzip') => Promise<Blob>;
	/** How the job queue reaches the same database: its own small pool on PostgreSQL, the one connection on PGlite. */
	connection: { kind: 'postgres'; url: string } | { kind: 'pglite'; client: PgliteClient };
	/** PostgreSQL only: the connections of the app's pool (for the metrics). */
	poolStats?: () => PoolStats;
}

/** node-postgres Pool counters: connections open, idle among them, and queries waiting for one. */
export interface PoolStats {
	total: number;
	idle: number;
	waiting: number;
	max: number;
}

/** What the job queue needs of an embedded database (the PGlite instance itself). */
export interface PgliteClient {
	query<T = unknown>(query: string, params?: unknown[]): Promise<{ rows: T[] }>;
	exec(query: string): Promise<Array<{ rows: unknown[] }>>;
}

/** Opens PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir/pgdata`. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; pgliteDataDir?: string | null }): Promise<OpenDatabase> {
	if (options.databaseUrl) return openPostgres(options.databaseUrl);
	return openPglite(options.pgliteDataDir === undefined ? path.join(options.dataDir ?? './data', 'pgdata') : options.pgliteDataDir);
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
		close: () => pool.end(),
		connection: { kind: 'postgres', url },
		poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max })
	};
}

/** Opens PGlite; `dir` null keeps it in memory. Loads from `loadFrom` (a dumped data dir) when given. */
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

/** Error raised when another live process holds the embedded database. */
export class DatabaseLockedError extends Error {}

// PGlite is one process; a second process opening the same directory would corrupt it.
function acquireDirectoryLock(dir: string): () => void {
	const lockFile = path.join(dir, '..', `${path.basename(dir)}.lock`);
	if (existsSync(lockFile)) {
		const pid = Number(readFileSync(lockFile, 'utf8').trim());
		if (pid && pid !== process.pid && isAlive(pid)) {
			throw new DatabaseLockedError(
				`The embedded database in ${dir} is in use by process ${pid}. Stop the server first (or run this through it).`
			);
		}
	}
	writeFileSync(lockFile, String(process.pid));
	return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
