// Runs once per test run: prepares a migrated database that every integration test file starts from.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase, openPglite } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteTemplate: string;
	}
}

export default async function setup(project: TestProject) {
	if (project.name === 'integration-pg') {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) throw new Error('integration-pg needs TEST_DATABASE_URL');
		const database = await openDatabase({ databaseUrl: url });
		await migrateDatabase(database);
		await database.close();
		project.provide('pgliteTemplate', '');
		return;
	}
	// A fresh PGlite takes seconds to initialise; loading a dumped, migrated one is much faster.
	const started = Date.now();
	const database = await openPglite(null);
	await migrateDatabase(database);
	const dump = await database.dump!();
	await database.close();
	const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-template-'));
	const file = path.join(dir, 'template.tar');
	writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
	project.provide('pgliteTemplate', file);
	console.log(`integration: PGlite template ready in ${Date.now() - started} ms`);
	return () => rmSync(dir, { recursive: true, force: true });
}
