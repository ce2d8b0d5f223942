// What autovacuum does on a PostgreSQL server, done on the embedded PGlite, which has none (issue 12 §5): every
// ten minutes, once across servers, the tables past autovacuum's thresholds are vacuumed or analyzed, so the
// planner keeps current statistics as data are imported, moderated and deleted.
import { z } from 'zod';
import { analyzeTables, getDb, maintainTables } from '../db';
import { logger } from '../logger';
import { defineJob, handleJob, type JobHandler } from './define';
import { jobsDatabaseKind } from './queue';

export const maintainTablesJob = defineJob('db.maintain-tables', z.object({}).loose(), { retryLimit: 1, retryDelaySeconds: 60, expireInSeconds: 30 * 60 });

/**
 * Refreshes the planner statistics of some tables right after a bulk change committed (a dataset deleted, a
 * directory import), on both databases: without waiting for autovacuum, and off the request that made the change.
 */
export const analyzeTablesJob = defineJob('db.analyze-tables', z.object({ tables: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1).max(20) }), { retryLimit: 2, retryDelaySeconds: 60 });

export const maintenanceJobHandlers: JobHandler[] = [
	handleJob(analyzeTablesJob, async ({ tables }) => {
		await analyzeTables(getDb(), tables);
	}),
	handleJob(
		maintainTablesJob,
		async () => {
			const report = await maintainTables(getDb());
			if (report.analyzed.length || report.vacuumed.length) logger.info(report, 'database maintenance done');
		},
		// PostgreSQL's own autovacuum does this on a server.
		{ schedule: { cron: '*/10 * * * *' }, when: () => jobsDatabaseKind() === 'pglite' }
	)
];
