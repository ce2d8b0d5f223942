import { sql } from 'drizzle-orm';
import { getOpenDatabase } from './db';
import { appliedMigrationCount, expectedMigrationCount } from './db/migrate';

/** Checks that the database answers and that its migrations match the committed ones. */
export async function checkReadiness(): Promise<{
	status: 'ok' | 'unavailable';
	database: string;
	migrations: { applied: number; expected: number };
}> {
	const database = getOpenDatabase();
	const expected = expectedMigrationCount();
	if (!database) return { status: 'unavailable', database: 'not open', migrations: { applied: 0, expected } };
	try {
		await database.db.execute(sql`select 1`);
		const applied = await appliedMigrationCount(database);
		return { status: applied >= expected ? 'ok' : 'unavailable', database: database.kind, migrations: { applied, expected } };
	} catch {
		return { status: 'unavailable', database: database.kind, migrations: { applied: 0, expected } };
	}
}
