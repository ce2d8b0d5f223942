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
