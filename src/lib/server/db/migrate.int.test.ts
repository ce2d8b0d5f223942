import { describe, expect, it } from 'vitest';
import { testDatabaseKind, withScratchDatabase } from '../../../../tests/helpers/db';
import { openDatabase } from './client';
import { appliedMigrationCount, expectedMigrationCount, migrateDatabase } from './migrate';

describe.skipIf(testDatabaseKind() !== 'postgres')('migrations on PostgreSQL', () => {
	it('run once when two servers start together: both calls succeed and every migration is applied once', async () => {
		await withScratchDatabase('migrate', async (url) => {
			const first = await openDatabase({ databaseUrl: url });
			const second = await openDatabase({ databaseUrl: url });
			try {
				const results = await Promise.allSettled([migrateDatabase(first), migrateDatabase(second)]);
				expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
				expect(await appliedMigrationCount(first)).toBe(expectedMigrationCount());
				// A third start finds nothing to do.
				await migrateDatabase(second);
				expect(await appliedMigrationCount(second)).toBe(expectedMigrationCount());
			} finally {
				await first.close();
				await second.close();
			}
		});
	}, 120_000);
});
