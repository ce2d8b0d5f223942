// A checked statistics file committed: the durable job that imports it, how the editor starts it, and the import
// itself (one transaction: staging, merge, roll-ups, report). What precedes it (upload, header line, mapping,
// preview) lives in import-service.ts.
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getAutonomousDb, getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { defineJob, enqueueJob, handleJob, type JobHandler } from '../jobs';
import { logger } from '../logger';
import { requireRole } from '../policy';
import { announcePublicChange } from '../public-changes';
import * as importQueries from './import-queries';
import { BATCH, fileText, parseId, PROGRESS_STEP, readAll, readerContext, type StoredMapping } from './import-service';
import { refreshRollupsHandler, refreshRollupsOf } from './rollups';
import { ZImportMapping } from './schema';
import { StagingBatch } from './staging-batch';

/**
 * The commit of one dataset, as a durable job. A server killed during it loses nothing: the commit is one
 * transaction, so nothing of it stays; its heartbeat stops, and after 30 s the job runs again (on another server,
 * or this one after its restart). When the second attempt fails too, the dataset is marked failed with the reason.
 */
export const statisticsImportJob = defineJob(
	'statistics.import',
	z.object({ datasetId: z.uuid(), actorId: z.string().min(1), requestId: z.string().nullable() }),
	{ policy: 'exclusive', retryLimit: 1, retryDelaySeconds: 5, heartbeatSeconds: 30, expireInSeconds: 60 * 60, deadLetter: true }
);

/**
 * Commits a checked file without problems in the background: the dataset is marked running and its job enqueued in
 * one transaction; every observation is then added, revised or left alone in one transaction, so a failure leaves
 * nothing; the dataset page shows the progress and then the report.
 */
export async function commitImport(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const datasetId = parseId(id);
	await inTransaction(ctx.tx, async (tx) => {
		const row = await importQueries.selectDataset(tx, datasetId);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.status !== 'checked' || row.problemCount > 0) throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_not_checked' }] });
		await importQueries.updateDataset(tx, datasetId, { status: 'running', problems: [], problemCount: 0 });
		await enqueueJob(tx, statisticsImportJob, { datasetId, actorId: actor.id, requestId: ctx.requestId ?? null }, { singletonKey: datasetId });
	});
}

/** The handlers of the statistics module's jobs, registered by the server at start. */
export const statisticsJobHandlers: JobHandler[] = [
	refreshRollupsHandler,
	handleJob(
		statisticsImportJob,
		async ({ datasetId, actorId, requestId }, run) => {
			const current = await importQueries.selectDataset(getDb(), datasetId);
			// A retried attempt whose first one committed just before its server died: runImport keeps the report.
			if (!current || current.status === 'deleted') return;
			// Stored before any row, so that after a restart the page tells a new attempt from the one that died (whose
			// observations rolled back with its transaction).
			if (current.status !== 'done') await importQueries.updateDataset(getDb(), datasetId, { status: 'running', attempt: run.attempt + 1, processed: 0, progressAt: new Date() });
			await runImport({ actor: null, locale: 'es', requestId: requestId ?? undefined }, datasetId, actorId, run.attempt + 1);
			// Committed: the indicator pages, downloads and catalogue that every server may hold change.
			await announcePublicChange('statistics.import');
		},
		{
			onDeadLetter: async ({ datasetId }, error) => {
				logger.error({ datasetId, error }, 'statistics import abandoned after its last attempt');
				await importQueries.updateDataset(getDb(), datasetId, {
					status: 'failed',
					problems: [{ row: 0, column: '', code: 'error_stats_import_interrupted' }],
					problemCount: 1,
					processed: 0,
					finishedAt: new Date()
				});
			}
		}
	)
];

/** The import itself (awaited by tests and benchmarks; the page starts it through commitImport). */
export async function runImport(ctx: ServiceContext, datasetId: string, actorId: string, attempt = 0): Promise<void> {
	// The commit is one transaction: its progress is written beside it (PostgreSQL), where every server's page reads
	// it. On PGlite, with its one connection, the page waits for the import anyway and sees it done.
	const autonomous = ctx.tx ? undefined : getAutonomousDb();
	const storeProgress = async (done: number) => {
		// The count only informs the page: a failed write must not undo the import.
		if (autonomous) await importQueries.updateDatasetProgress(autonomous, datasetId, attempt, done).catch((error: unknown) => logger.warn({ err: error, datasetId }, 'import progress not stored'));
	};
	try {
		const report = await inTransaction(ctx.tx, async (tx) => {
			const row = await importQueries.selectDataset(tx, datasetId);
			if (!row) throw new AppError('NOT_FOUND');
			// A retried attempt whose first one committed just before its server died: the report stands.
			if (row.status === 'done' || row.status === 'deleted') return { added: row.added, revised: row.revised, unchanged: row.unchanged };
			const mapping = parseInput(ZImportMapping, row.mapping);
			const stored = row.mapping as StoredMapping;
			const file = await fileText(tx, datasetId, stored);
			await importQueries.createStaging(tx);
			const batch = new StagingBatch();
			let done = 0;
			// No duplicate check (false, last): the preview found none in this very file, and the staging table's primary
			// key would refuse one, failing the whole import; the commit does without the 16 MB table of keys.
			const result = await readAll(file, mapping, stored.delimiter ?? ',', await readerContext(tx), async (observation) => {
				batch.add(observation);
				if (batch.size >= BATCH) {
					done += batch.size;
					await importQueries.insertStaging(tx, batch.take());
					if (done % PROGRESS_STEP === 0) await storeProgress(done);
				}
			}, false);
			if (result.problemCount) throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_not_checked' }] });
			if (batch.size) await importQueries.insertStaging(tx, batch.take());
			await storeProgress(result.observations);
			const counts = await importQueries.mergeStaging(tx, datasetId, actorId);
			// The roll-ups of every indicator and period the file holds municipal values for, in the import's commit.
			await refreshRollupsOf(tx, await importQueries.selectStagedMunicipalPeriods(tx));
			await importQueries.updateDataset(tx, datasetId, { status: 'done', ...counts, rowCount: result.observations, processed: result.observations, progressAt: new Date(), finishedAt: new Date() });
			await recordAudit(tx, { actorId, action: 'statistics.dataset_imported', subjectType: 'dataset', subjectId: datasetId, details: counts, requestId: ctx.requestId });
			return counts;
		});
		logger.info({ datasetId, ...report }, 'statistics import done');
		if (!ctx.tx && report.added + report.revised > 10_000) {
			await importQueries.vacuumObservations(getDb()).catch((error: unknown) => logger.warn({ err: error }, 'vacuum after import failed'));
		}
	} catch (error) {
		logger.error({ err: error, datasetId }, 'statistics import failed');
		const problem = { row: 0, column: '', code: error instanceof AppError ? (error.fields[0]?.messageKey ?? error.code) : 'import_failed' };
		// Nothing of the observations counted so far stayed.
		await importQueries.updateDataset(ctx.tx ?? getDb(), datasetId, { status: 'failed', problems: [problem], problemCount: 1, processed: 0, finishedAt: new Date() });
	}
}
