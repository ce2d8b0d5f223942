import type { Database, OpenDatabase } from './client';

export type { Database, Executor, Transaction } from './client';

let current: OpenDatabase | undefined;

/** Installs the database the services use (the server at start, a test per file). */
export function useDatabase(database: OpenDatabase): void {
	current = database;
}

/** The open database; throws when the process has not opened one yet. */
export function getDb(): Database {
	if (!current) throw new Error('Database not initialised: call useDatabase() first');
	return current.db;
}

/** The open database with its kind and close function, for health checks and shutdown. */
export function getOpenDatabase(): OpenDatabase | undefined {
	return current;
}

/**
 * The database for a write that must commit at once while the caller's transaction goes on, seen by every server
 * before that transaction ends (an import's progress): the pool on PostgreSQL, which gives it a connection of its
 * own. None on PGlite, whose one connection runs one transaction at a time, so the write would wait for the very
 * transaction it reports on (and no other request can read meanwhile anyway); nor with a pool of one connection.
 */
export function getAutonomousDb(): Database | undefined {
	if (current?.kind !== 'postgres' || (current.poolStats?.().max ?? 0) < 2) return undefined;
	return current.db;
}

export { analyzeTables, maintainTables, type MaintenanceReport } from './maintenance';
