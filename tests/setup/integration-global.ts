// Runs once per test run and project: prepares the migrated database every integration test file starts from.
// - integration (PGlite): one migrated database in memory, dumped to a gzipped tarball in a temporary folder; each
//   test file loads its own copy from it (tests/setup/integration-file.ts), which is about three times faster than
//   initialising and migrating a new PGlite.
// - integration-pg: migrates the server database at TEST_DATABASE_URL once; files share it (factories make unique
//   data). Creating a fresh database for the run is the caller's job (.ci/run does it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { TestProject } from 'vitest/node';
import { sql } from 'drizzle-orm';
import { openDatabase, openPglite, type OpenDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { installJobQueue } from '../../src/lib/server/jobs';

/** What the test files of a project open: a copy of the PGlite template, or the PostgreSQL server. */
export type IntegrationDatabase = { kind: 'pglite'; template: string } | { kind: 'postgres'; url: string };

declare module 'vitest' {
	export interface ProvidedContext {
		integrationDatabase: IntegrationDatabase;
	}
}

export default async function setup(project: TestProject) {
	const started = performance.now();
	if (project.name === 'integration-pg') {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) throw new Error('integration-pg needs TEST_DATABASE_URL');
		const database = await openDatabase({ databaseUrl: url });
		try {
			await migrateDatabase(database);
			await installJobQueue(database);
			await createCountryClaims(database);
		} finally {
			await database.close();
		}
		project.provide('integrationDatabase', { kind: 'postgres', url });
		console.log(`integration-pg: ${redact(url)} migrated in ${Math.round(performance.now() - started)} ms`);
		return;
	}

	const database = await openPglite(null);
	let tarball: Blob;
	try {
		await migrateDatabase(database);
		await installJobQueue(database);
		await createCountryClaims(database);
		tarball = await database.dump!();
	} finally {
		await database.close();
	}
	// openPglite dumps uncompressed (41 MB); gzipped it is about 5 MB and loads only ~0.1 s slower per file.
	const compressed = await promisify(gzip)(Buffer.from(await tarball.arrayBuffer()), { level: 1 });
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-template-'));
	const file = path.join(dir, 'pgdata.tar.gz');
	writeFileSync(file, compressed);
	project.provide('integrationDatabase', { kind: 'pglite', template: file });
	console.log(`integration: PGlite template ready in ${Math.round(performance.now() - started)} ms (${(compressed.length / 1e6).toFixed(1)} MB)`);
	return () => rmSync(dir, { recursive: true, force: true });
}

/** The claims of claimCountryCode (tests/factories.ts): empty at the start of each run. A test table, not a migration. */
async function createCountryClaims(database: OpenDatabase): Promise<void> {
	await database.db.execute(sql`create table if not exists test_country_claim (code text primary key)`);
	await database.db.execute(sql`truncate test_country_claim`);
}

function redact(url: string): string {
	return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
