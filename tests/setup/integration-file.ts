// Runs in every integration test file: opens the file's own database before its tests and closes it after them.
// PGlite: a fresh in-memory copy of the run's migrated template. PostgreSQL: a pool on the shared test database.
// The services find it through useDatabase(). Tests never truncate and never rely on order: factories make
// unique data (tests/factories.ts).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, openPglite, type OpenDatabase } from '../../src/lib/server/db/client';
import { useDatabase } from '../../src/lib/server/db';
import { allJobHandlers } from '../../src/lib/server/job-handlers';
import { startJobs, stopJobs } from '../../src/lib/server/jobs';

let database: OpenDatabase | undefined;

beforeAll(async () => {
	const started = performance.now();
	const target = inject('integrationDatabase');
	if (!target) throw new Error('No test database: run integration tests through their Vitest project (tests/README.md)');
	database =
		target.kind === 'pglite'
			? await openPglite(null, new Blob([readFileSync(target.template)], { type: 'application/gzip' }))
			: await openDatabase({ databaseUrl: target.url });
	useDatabase(database);
	// The queue works here as on a server (imports run as jobs), polling often, without the cron and maintenance.
	await startJobs(database, allJobHandlers(), { work: true, maintain: false, pollingSeconds: 0.5 });
	if (process.env.TEST_TIMINGS) console.log(`${target.kind} database opened in ${Math.round(performance.now() - started)} ms`);
}, 60_000);

afterAll(async () => {
	await stopJobs(5_000);
	await database?.close();
	database = undefined;
});
