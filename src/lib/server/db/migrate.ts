import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { OpenDatabase } from './client';

/** Folder of the committed drizzle-kit migrations (overridable for packaged installs). */
export function migrationsFolder(): string {
	return path.resolve(process.env.MIGRATIONS_DIR ?? 'drizzle');
}

/** Applies every pending migration with the driver's own migrator. */
export async function migrateDatabase(database: OpenDatabase): Promise<void> {
	const folder = migrationsFolder();
	if (database.kind === 'pglite') {
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
