import { getConfig } from './config';
import { openDatabase, type OpenDatabase } from './db/client';
import { useDatabase } from './db';
import { migrateDatabase } from './db/migrate';
import { logger } from './logger';
import { allJobHandlers } from './job-handlers';
import { startJobs, stopJobs } from './jobs';
import { hasTerritories, loadTerritoryDirectory, referenceDataDir } from './territories';
import { loadReferenceTaxonomy } from './taxonomy';
import { ensureBuiltInIndicators } from './statistics';

/**
 * Opens the database, applies migrations and, on first start, loads the gazetteer.
 * Runs inside the server process because embedded PGlite allows one process only. Then starts the job queue: with
 * `work` (the default) this process also runs jobs.
 */
export async function startApplication(options: { work?: boolean } = {}): Promise<{ database: OpenDatabase; stop: () => Promise<void> }> {
	const config = getConfig();
	const started = Date.now();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	useDatabase(database);
	await migrateDatabase(database);
	logger.info({ db: database.kind, ms: Date.now() - started }, 'database ready');
	if (!(await hasTerritories(database.db))) {
		const loadStarted = Date.now();
		const reports = await loadTerritoryDirectory(database.db, referenceDataDir());
		const added = reports.reduce((sum, report) => sum + report.added, 0);
		const rejected = reports.filter((report) => report.status === 'rejected').map((report) => report.file);
		logger.info({ added, rejected, ms: Date.now() - loadStarted }, 'gazetteer loaded on first start');
	}
	// Idempotent and small: new reference terms arrive with upgrades, administrators' edits are kept.
	await loadReferenceTaxonomy(database.db);
	if (await ensureBuiltInIndicators(database.db)) logger.info({ ms: Date.now() - started }, 'built-in statistics computed from the gazetteer');
	await startJobs(database, allJobHandlers(), { work: options.work ?? true });
	logger.info({ ms: Date.now() - started }, 'application started');
	return {
		database,
		stop: async () => {
			// Claims no new job and lets the running attempt finish (20 s at most; a cut-off one is retried).
			await stopJobs(20_000);
			await database.close();
		}
	};
}
