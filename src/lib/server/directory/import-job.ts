// The commit of a directory import as a durable background job: its definition, the secretariat's commit that
// enqueues it, and its handler. The import itself (runImport) and what precedes it live in import-service.ts.
import { z } from 'zod';
import { announcePublicChange } from '../public-changes';
import type { ServiceContext } from '../context';
import { analyzeTables, getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { defineJob, enqueueJob, handleJob, type JobHandler } from '../jobs';
import { requireRole } from '../policy';
import { loadActor } from '../roles';
import * as importQueries from './import-queries';
import { getImport, runImport } from './import-service';

/**
 * The commit of one directory import, as a durable job: all rows in one transaction, so a server killed during it
 * leaves nothing; the job runs again after 30 s without a heartbeat (the page says so: its attempt is 2, and its
 * progress starts again from 0), and is marked failed after its second attempt.
 */
export const directoryImportJob = defineJob(
	'directory.import',
	z.object({ importId: z.uuid(), actor: z.object({ id: z.string().min(1), email: z.string(), name: z.string() }) }),
	{ policy: 'exclusive', retryLimit: 1, retryDelaySeconds: 5, heartbeatSeconds: 30, expireInSeconds: 30 * 60, deadLetter: true }
);

/** The secretariat commits a checked import without errors; it runs in the background and the page shows its progress. */
export async function commitImport(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const job = await getImport(ctx, id);
	if (job.status !== 'checked' || job.errors.length) throw new AppError('CONFLICT', { fields: [{ field: 'mapping', messageKey: 'error_import_not_checked' }] });
	await inTransaction(ctx.tx, async (tx) => {
		await importQueries.updateImportJob(tx, job.id, { status: 'running' });
		await enqueueJob(tx, directoryImportJob, { importId: job.id, actor: { id: actor.id, email: actor.email, name: actor.name } }, { singletonKey: job.id });
	});
}

/** The handlers of the directory's import jobs, registered by the server at start. */
export const importJobHandlers: JobHandler[] = [
	handleJob(
		directoryImportJob,
		async ({ importId, actor }, run) => {
			const current = await importQueries.selectImportJob(getDb(), importId);
			// A retried attempt whose first one committed just before its server died: nothing more to do.
			if (!current || current.status === 'done') return;
			// Stored before any row, so that after a restart the page tells a new attempt from the one that died (whose
			// rows rolled back with its transaction), and an administrator's retry of a given-up import shows as running.
			await importQueries.updateImportJob(getDb(), importId, { status: 'running', attempt: run.attempt + 1, processed: 0, progressAt: new Date(), errors: [], finishedAt: null });
			await runImport(await loadActor(actor), importId);
			await announcePublicChange('directory.import');
			// Up to thousands of new rows: refresh the planner's statistics of what an import writes (PGlite has no
			// autovacuum, and a server's would come only later).
			await analyzeTables(getDb(), ['institution', 'funding_call', 'expert', 'expert_competency', 'cooperation_service', 'directory_listing']);
		},
		{
			onDeadLetter: async ({ importId }) => {
				await importQueries.updateImportJob(getDb(), importId, { status: 'failed', errors: [{ row: 0, field: '', messageKey: 'error_import_interrupted' }], processed: 0, finishedAt: new Date() });
			}
		}
	)
];
