// The shapes every database module shares, apart from the code that opens one (so that opener modules import no cycle).
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** A Drizzle database over either driver; services only see this type. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle, usable wherever a Database is. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Anything a query can run on. */
export type Executor = Database | Transaction;

export interface OpenDatabase {
	db: Database;
	kind: 'pglite' | 'postgres';
	/** Which Drizzle driver `db` is: node-postgres on PostgreSQL and on PGlite behind its thread, pglite in process. */
	driver: 'pglite' | 'node-postgres';
	close: () => Promise<void>;
	/** PGlite only: the whole data directory as a tarball (tests clone a prepared database; backups gzip it). */
	dump?: (compression?: 'none' | 'gzip') => Promise<Blob>;
	/** How the job queue reaches the same database: its own small pool on PostgreSQL, the one connection on PGlite. */
	connection: { kind: 'postgres'; url: string } | { kind: 'pglite'; client: PgliteClient };
	/** node-postgres only: the connections of the app's pool (for the metrics). */
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
