// `npm run data:demo`: replaces the demonstration experiences and directory entries (marked as demo data everywhere).
import { ConfigError, getConfig } from '../src/lib/server/config';
import { DatabaseLockedError, openDatabase } from '../src/lib/server/db/client';
import { analyzeTables, useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { loadDemoDirectory } from '../src/lib/server/directory';
import { loadDemoExperiences } from '../src/lib/server/experiences';
import { allJobHandlers } from '../src/lib/server/job-handlers';
import { startJobs, stopJobs } from '../src/lib/server/jobs';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy';
import { loadTerritoryDirectory, referenceDataDir } from '../src/lib/server/territories';

try {
	const config = getConfig();
	const started = Date.now();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		useDatabase(database);
		await migrateDatabase(database);
		// The demo's workflow queues mail: its delivery jobs are enqueued here and run by the servers.
		await startJobs(database, allJobHandlers(), { work: false });
		// The demo names real municipalities and themes: make sure the reference data is there.
		await loadTerritoryDirectory(database.db, referenceDataDir());
		await loadReferenceTaxonomy(database.db);
		const { removed, loaded } = await loadDemoExperiences(database.db);
		const summary = Object.entries(loaded)
			.map(([stage, count]) => `${count} ${stage}`)
			.join(', ');
		console.log(`Demo experiences: ${removed} earlier demo record(s) removed; loaded ${summary}.`);
		const directory = await loadDemoDirectory(database.db);
		console.log(
			`Demo directory: ${directory.removed} earlier demo entries removed; loaded ${directory.loaded.institutions} institutions, ${directory.loaded.experts} experts, ${directory.loaded.calls} funding calls, ${directory.loaded.services} services (${((Date.now() - started) / 1000).toFixed(1)} s, ${database.kind}).`
		);
		// A bulk load leaves the planner without statistics for what it wrote (PGlite has no autovacuum).
		await analyzeTables(database.db);
		console.log('They are marked "demo data" on every page, feed and export. The secretariat, reviewers and authors are demo accounts nobody can sign in with.');
	} finally {
		await stopJobs();
		await database.close();
	}
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
		console.error(error.message);
		process.exit(2);
	}
	if (error instanceof Error && error.name === 'ZodError') {
		console.error(`The demo file is not valid; nothing was loaded:\n${error.message}`);
		process.exit(1);
	}
	throw error;
}
