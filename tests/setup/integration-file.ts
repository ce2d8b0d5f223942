// Runs before each integration test file: opens its own database (a PGlite clone of the template, or the test server).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, openPglite, type OpenDatabase } from '../../src/lib/server/db/client';
import { useDatabase } from '../../src/lib/server/db';

let database: OpenDatabase | undefined;

beforeAll(async () => {
	const template = inject('pgliteTemplate');
	if (template) {
		database = await openPglite(null, new Blob([readFileSync(template)]));
	} else {
		database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL });
	}
	useDatabase(database);
}, 60_000);

afterAll(async () => {
	await database?.close();
});
