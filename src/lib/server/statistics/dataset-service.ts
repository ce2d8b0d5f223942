// A statistics dataset as its page, the list and the API show it, and its deletion (issue 12 §5: import-service.ts
// keeps the upload, the mapping and the preview, import-commit.ts the import job).
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { analyzeTablesJob, enqueueJob, findJobByKey } from '../jobs';
import { pageWindow, paginationFields } from '../pagination';
import { hasRole, requireRole } from '../policy';
import { getGazetteer } from '../territories';
import * as importQueries from './import-queries';
import { statisticsImportJob } from './import-commit';
import { parseId, type StoredMapping } from './import-service';
import { refreshRollupsOf } from './rollups';

/** What identifies a dataset and its source, for the catalogue and the downloads. */
export function describeDataset(row: { id: string; title: string; publisher: string; licence: string; retrievedOn: string | null; sourceUrl: string | null; fileName: string; fileSha256: string }) {
	const { id, title, publisher, licence, retrievedOn, sourceUrl, fileName, fileSha256 } = row;
	return { id, title, publisher, licence, retrievedOn, sourceUrl, fileName, fileSha256 };
}

const statusOf = (row: { status: string }) => row.status as 'uploaded' | 'checked' | 'running' | 'done' | 'failed' | 'deleted';

async function jobOf(ctx: ServiceContext, datasetId: string) {
	const job = await findJobByKey(ctx.tx ?? getDb(), statisticsImportJob.name, datasetId);
	return job ? { view: job.view, attempt: job.attempt, attempts: job.retryLimit + 1 } : null;
}

/** Statistics editors and the secretariat see datasets before (and after) their values are published. */
const canSeeUnpublishedDatasets = (actor: ServiceContext['actor']) => hasRole(actor, 'statistics_editor') || hasRole(actor, 'secretariat');
const wasImported = (row: { status: string }) => row.status === 'done' || row.status === 'deleted';

/** A dataset with its mapping, the file's columns, the preview, problems, progress and report. */
export async function getDataset(ctx: ServiceContext, id: unknown) {
	const datasetId = parseId(id);
	const row = await importQueries.selectDataset(ctx.tx ?? getDb(), datasetId);
	// Not imported (yet) or failed: as if it did not exist for those who may not see it. A deleted one was imported and
	// stays listed as deleted, for the record.
	if (!row || (!wasImported(row) && !canSeeUnpublishedDatasets(ctx.actor))) throw new AppError('NOT_FOUND');
	const editor = hasRole(ctx.actor, 'statistics_editor');
	const mapping = row.mapping as StoredMapping;
	return {
		...describeDataset(row),
		status: statusOf(row),
		header: mapping.header ?? [],
		// The header line in use, the guess, and the file's first lines to pick another from (none for old uploads).
		headerLine: mapping.headerLine ?? 1,
		headerGuess: mapping.headerGuess ?? null,
		headerChoices: mapping.headerChoices ?? [],
		mapping: { ...mapping, headerLine: undefined, header: undefined, headerGuess: undefined, headerChoices: undefined, preview: undefined, skipped: undefined, skippedCount: undefined, delimiter: undefined, encoding: undefined, quoted: undefined },
		delimiter: mapping.delimiter ?? ',',
		preview: mapping.preview ?? [],
		// The title and note lines the last preview left out, shown with the problems.
		skipped: editor ? (mapping.skipped ?? []) : [],
		skippedCount: editor ? (mapping.skippedCount ?? 0) : 0,
		rowCount: row.rowCount,
		processed: row.status === 'running' || row.status === 'done' ? row.processed : 0,
		attempt: row.attempt,
		progressAt: row.progressAt?.toISOString() ?? null,
		// Where the commit stands in the queue: waiting, running (which attempt), or given up after its last attempt.
		job: row.status === 'running' || row.status === 'failed' ? await jobOf(ctx, row.id) : null,
		report: row.status === 'done' || row.status === 'deleted' ? { added: row.added, revised: row.revised, unchanged: row.unchanged } : null,
		problems: editor ? row.problems : [],
		problemCount: row.problemCount,
		createdAt: row.createdAt.toISOString(),
		finishedAt: row.finishedAt?.toISOString() ?? null,
		deletedAt: row.deletedAt?.toISOString() ?? null
	};
}

/** Datasets, newest first. */
export async function listDatasets(ctx: ServiceContext, input: unknown) {
	const query = parseInput(z.object(paginationFields(20)), input);
	// Issue 13 finding 10: a file uploaded but not imported (its title, publisher, name) is the editors' business until
	// its values are published; everyone else sees the imported datasets only.
	const onlyImported = !canSeeUnpublishedDatasets(ctx.actor);
	const { rows, total } = await importQueries.selectDatasetPage(ctx.tx ?? getDb(), pageWindow(query), { onlyImported });
	return {
		items: rows.map((row) => ({ id: row.id, title: row.title, publisher: row.publisher, status: statusOf(row), rowCount: row.rowCount, createdAt: row.createdAt.toISOString() })),
		total,
		page: query.page,
		pageSize: query.pageSize
	};
}

/**
 * The secretariat deletes an imported dataset: the values it replaced come back, those it added go; values revised
 * since by another import stay. The dataset stays listed as deleted, for the record.
 */
export async function deleteDataset(ctx: ServiceContext, id: unknown, input: unknown): Promise<{ restored: number; removed: number }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const datasetId = parseId(id);
	// Deleting changes published figures: the form asks to confirm it in words, not only with a button.
	parseInput(z.object({ confirm: z.literal('yes', { message: 'error_confirm_required' }) }), input);
	return inTransaction(ctx.tx, async (tx) => {
		const row = await importQueries.selectDataset(tx, datasetId);
		if (!row) throw new AppError('NOT_FOUND');
		if (row.status === 'running') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_import_running' }] });
		if (row.status === 'deleted') throw new AppError('CONFLICT', { fields: [{ field: 'file', messageKey: 'error_stats_dataset_deleted' }] });
		// Which roll-ups change: read before the values go (their dataset is what names them).
		const touched = await importQueries.selectDatasetCoverage(tx, datasetId);
		const result = await importQueries.removeDatasetValues(tx, datasetId);
		await refreshRollupsOf(tx, touched);
		await importQueries.updateDataset(tx, datasetId, { status: 'deleted', deletedAt: new Date(), deletedBy: actor.id });
		await recordAudit(tx, { actorId: actor.id, action: 'statistics.dataset_deleted', subjectType: 'dataset', subjectId: datasetId, details: result, requestId: ctx.requestId });
		// Thousands of rows may have gone and come back: the planner learns it from a job, not from this request.
		await enqueueJob(tx, analyzeTablesJob, { tables: ['observation', 'observation_revision'] });
		return result;
	});
}

/** The dataset page: the dataset, and for the mapping step the indicators a file can fill and the countries. */
export async function getDatasetPage(ctx: ServiceContext, id: unknown) {
	const dataset = await getDataset(ctx, id);
	const db = ctx.tx ?? getDb();
	const rules = await importQueries.selectIndicatorRules(db);
	const gazetteer = await getGazetteer(db);
	return {
		dataset,
		canEdit: hasRole(ctx.actor, 'statistics_editor') && (dataset.status === 'uploaded' || dataset.status === 'checked' || dataset.status === 'failed'),
		canDelete: hasRole(ctx.actor, 'secretariat') && dataset.status === 'done',
		importable: rules.filter((rule) => !rule.formula && !rule.builtIn).map((rule) => ({ code: rule.code, levels: rule.levels })),
		countries: gazetteer.countrySummaries().map((country) => country.code)
	};
}
