import { getConfig } from './config';
import { openDatabase, type OpenDatabase } from './db/client';
import { analyzeTables, maintainTables, useDatabase } from './db';
import { advisoryLocks, migrateDatabase, withAdvisoryLock } from './db/migrate';
import { logger } from './logger';
import { allJobHandlers } from './job-handlers';
import { pauseJobWork, startJobs, stopJobs } from './jobs';
import { PublicChangeListener } from './public-changes';
import { hasTerritories, loadTerritoryDirectory, referenceDataDir } from './territories';
import { loadReferenceTaxonomy } from './taxonomy';
import { ensureBuiltInIndicators, enqueueStaleRollups } from './statistics';

/**
 * Opens the database, applies migrations and, on first start, loads the gazetteer.
 * Runs inside the server process because embedded PGlite allows one process only. Then starts the job queue: with
 * `work` (the default) this process also runs jobs.
 */
export async function startApplication(options: { work?: boolean } = {}): Promise<{ database: OpenDatabase; stopWork: () => Promise<void>; stop: () => Promise<void> }> {
	const config = getConfig();
	const started = Date.now();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	useDatabase(database);
	// Several servers starting together: one migrates and loads the first-start data, the others wait and find it done.
	await withAdvisoryLock(database, advisoryLocks.startup, async () => {
		await migrateDatabase(database);
		logger.info({ db: database.kind, ms: Date.now() - started }, 'database ready');
		let loaded = false;
		if (!(await hasTerritories(database.db))) {
			loaded = true;
			const loadStarted = Date.now();
			const reports = await loadTerritoryDirectory(database.db, referenceDataDir());
			const added = reports.reduce((sum, report) => sum + report.added, 0);
			const rejected = reports.filter((report) => report.status === 'rejected').map((report) => report.file);
			logger.info({ added, rejected, ms: Date.now() - loadStarted }, 'gazetteer loaded on first start');
		}
		// Idempotent and small: new reference terms arrive with upgrades, administrators' edits are kept.
		await loadReferenceTaxonomy(database.db);
		if (await ensureBuiltInIndicators(database.db)) {
			loaded = true;
			logger.info({ ms: Date.now() - started }, 'built-in statistics computed from the gazetteer');
		}
		// Tables just filled have no planner statistics, and without them one indicator page cost 17–33 s of CPU on
		// PGlite (issue 12 §5). PGlite has no autovacuum: also catch up on whatever its thresholds ask for.
		if (loaded) await analyzeTables(database.db);
		if (database.kind === 'pglite') {
			const report = await maintainTables(database.db);
			if (report.analyzed.length || report.vacuumed.length) logger.info(report, 'database maintenance at start');
		}
	});
	await startJobs(database, allJobHandlers(), { work: options.work ?? true });
	// A database migrated from before the materialised roll-ups (decision 0017): they are computed in the background,
	// and read on the fly until then. Once per indicator across servers (the job is exclusive by indicator).
	await enqueueStaleRollups(database.db);
	// Several servers on PostgreSQL: hear of every public change made on the others (their caches purge together).
	const listener = database.connection.kind === 'postgres' ? new PublicChangeListener(database.connection.url) : undefined;
	await listener?.start();
	logger.info({ ms: Date.now() - started }, 'application started');
	// stopWork: claims no new job and lets the running attempts finish (20 s at most; one cut off is retried elsewhere
	// or after the restart), the queue still open for requests that are finishing. Called as soon as SIGTERM arrives,
	// while the HTTP server drains; stop then closes the queue and the database.
	let pausing: Promise<void> | undefined;
	const stopWork = () => (pausing ??= pauseJobWork(20_000));
	return {
		database,
		stopWork,
		stop: async () => {
			const stopping = Date.now();
			await stopWork();
			logger.info({ ms: Date.now() - stopping }, 'shutdown: job work paused');
			// Each step is bounded: a queue or database that does not answer must not keep an old server alive.
			await settleWithin(stopJobs(5_000), 10_000, 'the job queue did not stop in time');
			logger.info({ ms: Date.now() - stopping }, 'shutdown: job queue stopped');
			await settleWithin(listener?.stop() ?? Promise.resolve(), 5_000, 'the public change listener did not stop in time');
			await settleWithin(database.close(), 10_000, 'the database did not close in time');
		}
	};
}

/** Waits for `work` at most `ms`; past that it logs `message` and goes on (the process is about to exit). */
async function settleWithin(work: Promise<unknown>, ms: number, message: string): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<'late'>((resolve) => {
		timer = setTimeout(() => resolve('late'), ms);
	});
	const outcome = await Promise.race([work.then(() => 'done' as const), late]).finally(() => clearTimeout(timer));
	if (outcome === 'late') logger.error({ ms }, message);
}
