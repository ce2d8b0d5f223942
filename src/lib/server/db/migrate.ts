import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { OpenDatabase } from './client';

/** Folder of the committed drizzle-kit migrations (overridable for packaged installs). */
export function migrationsFolder(): string {
	return path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');
}

/** Keys of the session advisory locks that start-up work takes on PostgreSQL (any two distinct bigints). */
export const advisoryLocks = { migrations: 0x6361_6269_6c64_6f01n, startup: 0x6361_6269_6c64_6f02n } as const;

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so that of several app servers starting together one does it
 * and the others wait, then find it done. The lock is held on a connection of its own (a session lock dies with its
 * session, so a killed process never leaves it behind). PGlite is one process: nothing to take.
 */
export async function withAdvisoryLock<T>(database: OpenDatabase, key: bigint, work: () => Promise<T>): Promise<T> {
	if (database.connection.kind !== 'postgres') return work();
	const { Client } = await import('pg');
	const client = new Client({ connectionString: database.connection.url });
	await client.connect();
	try {
		await client.query('select pg_advisory_lock($1::bigint)', [key.toString()]);
		try {
			return await work();
		} finally {
			await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()]);
		}
	} finally {
		await client.end();
	}
}

/** Applies every pending migration with the driver's own migrator, once across processes (advisory lock). */
export async function migrateDatabase(database: OpenDatabase): Promise<void> {
	await withAdvisoryLock(database, advisoryLocks.migrations, () => applyMigrations(database));
}

async function applyMigrations(database: OpenDatabase): Promise<void> {
	const folder = migrationsFolder();
	if (database.driver === 'pglite') {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants the concrete driver type
		await migrate(database.db as any, { migrationsFolder: folder });
	} else {
		const { migrate } = await import('drizzle-orm/node-postgres/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator wants the concrete driver type
		await migrate(database.db as any, { migrationsFolder: folder });
	}
}

/** Number of migrations committed in the journal. */
export function expectedMigrationCount(): number {
	const journal = path.join(migrationsFolder(), 'meta', '_journal.json');
	if (!existsSync(journal)) return 0;
	const parsed = JSON.parse(readFileSync(journal, 'utf8')) as { entries: unknown[] };
	return parsed.entries.length;
}

/** Number of migrations the database reports as applied (0 when the table does not exist yet). */
export async function appliedMigrationCount(database: OpenDatabase): Promise<number> {
	try {
		const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
		const rows = (result as unknown as { rows: { n: number }[] }).rows;
		return rows[0]?.n ?? 0;
	} catch {
		return 0;
	}
}
