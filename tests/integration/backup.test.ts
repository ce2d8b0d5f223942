// npm run backup / npm run restore round trip: the demonstration data of every module is dumped from this file's
// database and restored into an empty target (a new PGlite data directory; on PostgreSQL a new database), then the
// main tables' counts and a few records are compared. The PostgreSQL tier runs when TEST_DATABASE_URL is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb, getOpenDatabase } from '../../src/lib/server/db';
import { BackupError, backupFormatOf, pgliteDirectory, restoreBackup, writeBackup } from '../../src/lib/server/db/backup';
import { openDatabase, openPglite, type OpenDatabase } from '../../src/lib/server/db/client';
import { appliedMigrationCount, expectedMigrationCount } from '../../src/lib/server/db/migrate';
import { loadDemoDirectory } from '../../src/lib/server/directory';
import { loadDemoExperiences } from '../../src/lib/server/experiences';
import { loadReferenceTaxonomy } from '../../src/lib/server/taxonomy';
import { createMunicipality } from '../factories';
import { testDatabaseKind, withScratchDatabase } from '../helpers/db';

// The municipalities the demonstration file names (reference-data/demo/experiences.json): the file's database has
// no gazetteer, so they are made here when missing.
const DEMO_PLACES = ['AR-82084', 'BO-020101', 'BR-1505502', 'BR-2304400', 'BR-2312908', 'BR-2611606', 'BR-3106200', 'BR-3303302', 'BR-3513801', 'BR-4106902', 'BR-4115200', 'BR-4314902', 'CL-13112', 'CL-13122', 'CO-05001', 'CO-11001', 'CO-17001', 'CO-91540', 'CR-118', 'EC-0101', 'EC-1003', 'EC-1101', 'EC-1701', 'GT-0101', 'MX-11020', 'PE-150142', 'PE-180301'];
const DEMO_TABLES = ['experience', 'experience_listing', 'institution', 'expert', 'funding_call', 'cooperation_service', 'directory_listing'];
const ALL_TABLES = ['user', 'role_grant', 'municipality', 'taxonomy_term', 'experience', 'experience_text', 'experience_event', 'experience_review', 'experience_version', 'institution', 'expert', 'funding_call', 'cooperation_service', 'mail_message', 'audit_event'];

async function rows<T>(database: OpenDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
	return (await database.db.execute(query) as unknown as { rows: T[] }).rows;
}

/** What the comparison reads on both sides: demo rows per table, every row of the main tables (PGlite), a few records. */
async function snapshot(database: OpenDatabase, everyTable: boolean) {
	const demo: Record<string, number> = {};
	for (const table of DEMO_TABLES) {
		const [row] = await rows<{ n: number | string }>(database, sql`select count(*) as n from ${sql.identifier(table)} where is_demo`);
		demo[table] = Number(row.n);
	}
	const all: Record<string, number> = {};
	if (everyTable) {
		for (const table of ALL_TABLES) {
			const [row] = await rows<{ n: number | string }>(database, sql`select count(*) as n from ${sql.identifier(table)}`);
			all[table] = Number(row.n);
		}
	}
	const experiences = await rows(database, sql`select id::text, state from experience where is_demo order by id`);
	const listing = await rows(database, sql`select experience_id::text, titles::text, municipality_ids::text from experience_listing where is_demo order by experience_id`);
	const institutions = await rows(database, sql`select id::text, name from institution where is_demo order by id`);
	const places = await rows(database, sql`select id, name from municipality where id in ${sql.raw(`(${DEMO_PLACES.map((id) => `'${id}'`).join(', ')})`)} order by id`);
	return { demo, all, experiences, listing, institutions, places };
}

let workDir: string;
let backupFile: string;
let source: OpenDatabase;

beforeAll(async () => {
	workDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-backup-test-'));
	source = getOpenDatabase()!;
	const existing = new Set((await rows<{ id: string }>(source, sql`select id from municipality`)).map((row) => row.id));
	for (const id of DEMO_PLACES.filter((place) => !existing.has(place))) {
		const [countryCode, code] = id.split('-');
		await createMunicipality({ countryCode, code, admin1Code: '01' });
	}
	await loadReferenceTaxonomy(getDb());
	await loadDemoExperiences(getDb());
	await loadDemoDirectory(getDb());
	backupFile = path.join(workDir, testDatabaseKind() === 'postgres' ? 'site.pgdump' : 'site.tar.gz');
	await writeBackup(source, backupFile);
}, 180_000);

afterAll(() => {
	rmSync(workDir, { recursive: true, force: true });
});

describe('backup and restore', () => {
	it('round-trips the demonstration data into an empty target', async () => {
		const pglite = testDatabaseKind() === 'pglite';
		expect(backupFormatOf(backupFile)).toBe(pglite ? 'pglite' : 'pg_dump');
		const before = await snapshot(source, pglite);
		expect(before.demo.experience).toBeGreaterThanOrEqual(20);
		expect(before.demo.institution).toBeGreaterThan(0);

		if (pglite) {
			const dataDir = path.join(workDir, 'restored');
			await restoreBackup(backupFile, { dataDir });
			const restored = await openPglite(pgliteDirectory(dataDir));
			try {
				expect(await snapshot(restored, true)).toEqual(before);
				expect(await appliedMigrationCount(restored)).toBe(expectedMigrationCount());
			} finally {
				await restored.close();
			}
			// The same target again is not empty any more: refused, and left as it is.
			await expect(restoreBackup(backupFile, { dataDir })).rejects.toThrow(/is not empty/);
			return;
		}

		await withScratchDatabase('restore', async (url) => {
			await restoreBackup(backupFile, { dataDir: workDir, databaseUrl: url });
			const restored = await openDatabase({ databaseUrl: url });
			try {
				expect(await snapshot(restored, false)).toEqual(before);
				expect(await appliedMigrationCount(restored)).toBe(expectedMigrationCount());
				// pg-boss's own schema came along, so the restored site's queue starts where it was.
				const [jobs] = await rows<{ n: number | string }>(restored, sql`select count(*) as n from pgboss.job`);
				expect(Number(jobs.n)).toBeGreaterThanOrEqual(0);
			} finally {
				await restored.close();
			}
			await expect(restoreBackup(backupFile, { dataDir: workDir, databaseUrl: url })).rejects.toThrow(/is not empty/);
		});
	}, 180_000);

	it('refuses a file that is not a backup, and a dump of the other kind of database', async () => {
		const junk = path.join(workDir, 'notes.txt');
		writeFileSync(junk, 'hello');
		expect(() => backupFormatOf(junk)).toThrow(BackupError);
		if (testDatabaseKind() === 'pglite') {
			await expect(restoreBackup(backupFile, { dataDir: workDir, databaseUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toThrow(/unset DATABASE_URL/);
		} else {
			await expect(restoreBackup(backupFile, { dataDir: path.join(workDir, 'empty') })).rejects.toThrow(/set DATABASE_URL/);
		}
	});
});
