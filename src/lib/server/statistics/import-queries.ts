// Datasets, the import's staging table and the merge into observations (the only place that touches them for imports).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { dataset, indicator } from '../db/schema/statistics';

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Stores an uploaded file (gzipped) with what the uploader said of it; returns its id. */
export async function insertDataset(
	db: Executor,
	values: { title: string; publisher: string; licence: string; retrievedOn: string | null; sourceUrl: string | null; fileName: string; fileSha256: string; file: Buffer; mapping: Record<string, unknown>; createdBy: string }
): Promise<string> {
	const [row] = await db.insert(dataset).values(values).returning({ id: dataset.id });
	return row.id;
}

const datasetColumns = {
	id: dataset.id,
	title: dataset.title,
	publisher: dataset.publisher,
	licence: dataset.licence,
	retrievedOn: dataset.retrievedOn,
	sourceUrl: dataset.sourceUrl,
	fileName: dataset.fileName,
	fileSha256: dataset.fileSha256,
	mapping: dataset.mapping,
	status: dataset.status,
	rowCount: dataset.rowCount,
	added: dataset.added,
	revised: dataset.revised,
	unchanged: dataset.unchanged,
	problems: dataset.problems,
	problemCount: dataset.problemCount,
	processed: dataset.processed,
	attempt: dataset.attempt,
	progressAt: dataset.progressAt,
	createdBy: dataset.createdBy,
	createdAt: dataset.createdAt,
	finishedAt: dataset.finishedAt,
	deletedAt: dataset.deletedAt
};

/** One dataset without its file. */
export async function selectDataset(db: Executor, id: string) {
	const [row] = await db.select(datasetColumns).from(dataset).where(eq(dataset.id, id)).limit(1);
	return row;
}

/** The periods and indicators a dataset's current values cover (one pass over its index range). */
export async function selectDatasetCoverage(db: Executor, id: string) {
	return rowsOf<{ indicator_code: string; period: string }>(
		await db.execute(sql`select distinct indicator_code, period from observation where dataset_id = ${id}`)
	);
}

/** The stored (gzipped) file of a dataset. */
export async function selectDatasetFile(db: Executor, id: string): Promise<Buffer | undefined> {
	const [row] = await db.select({ file: dataset.file }).from(dataset).where(eq(dataset.id, id)).limit(1);
	return row?.file;
}

/** A page of datasets, newest first, with the total. */
export async function selectDatasetPage(db: Executor, window: { limit: number; offset: number }, options: { onlyImported: boolean }) {
	// Imported: done, or deleted after it was (listed as such, for the record).
	const where = options.onlyImported ? inArray(dataset.status, ['done', 'deleted']) : undefined;
	const rows = await db.select(datasetColumns).from(dataset).where(where).orderBy(desc(dataset.createdAt)).limit(window.limit).offset(window.offset);
	const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(dataset).where(where);
	return { rows, total };
}

/** Updates a dataset's mapping, state, counts or problems. */
export async function updateDataset(db: Executor, id: string, values: Partial<typeof dataset.$inferInsert>): Promise<void> {
	await db.update(dataset).set(values).where(eq(dataset.id, id));
}

/**
 * Stores how many observations an attempt of the commit has read, and when. Only for that attempt: a late write of an
 * attempt given up as dead (its server stalled past its heartbeat) does not overwrite the one that runs now.
 */
export async function updateDatasetProgress(db: Executor, id: string, attempt: number, processed: number): Promise<void> {
	await db
		.update(dataset)
		.set({ processed, progressAt: sql`now()` })
		.where(and(eq(dataset.id, id), eq(dataset.attempt, attempt)));
}

/** The rules of every indicator an import checks against. */
export async function selectIndicatorRules(db: Executor) {
	return db.select({ code: indicator.code, periodicity: indicator.periodicity, levels: indicator.levels, formula: indicator.formula, builtIn: indicator.builtIn }).from(indicator);
}

/**
 * Refreshes the planner's statistics and the visibility map after a large import, so rankings become index-only
 * scans at once (PGlite has no autovacuum; on a server it would come within minutes). Runs outside a transaction.
 */
export async function vacuumObservations(db: Executor): Promise<void> {
	await db.execute(sql`vacuum (analyze) observation`);
}

/** A temporary table for the import's rows, gone when the transaction ends. */
export async function createStaging(tx: Executor): Promise<void> {
	await tx.execute(sql`create temp table stat_staging (
		indicator_code text not null, level text not null, territory_id text not null, period text not null,
		value double precision, status text not null, note text,
		primary key (indicator_code, level, territory_id, period)) on commit drop`);
}

/** The indicators and periods the staging table holds municipal values for (the roll-ups an import changes). */
export async function selectStagedMunicipalPeriods(tx: Executor) {
	return rowsOf<{ indicator_code: string; period: string }>(await tx.execute(sql`select distinct indicator_code, period from stat_staging where level = 'municipality'`));
}

/** Adds a batch of observations to the staging table: one JSON array of rows (StagingBatch), whatever its size. */
export async function insertStaging(tx: Executor, json: string): Promise<void> {
	await tx.execute(sql`insert into stat_staging
		select x->>0, x->>1, x->>2, x->>3, (x->>4)::double precision, x->>5, x->>6 from json_array_elements(${json}::json) as x`);
}

const changed = sql`(o.value is distinct from s.value or o.status <> s.status or o.note is distinct from s.note)`;

/**
 * Merges the staging table into the observations: new keys are added, changed ones revised (the earlier value is
 * kept as a revision naming this dataset), equal ones left alone, so importing the same file twice changes nothing.
 */
export async function mergeStaging(tx: Executor, datasetId: string, actorId: string): Promise<{ added: number; revised: number; unchanged: number }> {
	const [counts] = rowsOf<{ added: number; revised: number; unchanged: number }>(
		await tx.execute(sql`select
			count(*) filter (where o.indicator_code is null)::int as added,
			count(*) filter (where o.indicator_code is not null and ${changed})::int as revised,
			count(*) filter (where o.indicator_code is not null and not ${changed})::int as unchanged
			from stat_staging s left join observation o using (indicator_code, level, territory_id, period)`)
	);
	await tx.execute(sql`insert into observation_revision (indicator_code, level, territory_id, period, value, status, note, dataset_id, replaced_by, replaced_by_dataset)
		select o.indicator_code, o.level, o.territory_id, o.period, o.value, o.status, o.note, o.dataset_id, ${actorId}, ${datasetId}
		from stat_staging s join observation o using (indicator_code, level, territory_id, period) where ${changed}`);
	await tx.execute(sql`insert into observation (indicator_code, level, territory_id, period, value, status, note, dataset_id, updated_by, updated_at)
		select s.indicator_code, s.level, s.territory_id, s.period, s.value, s.status, s.note, ${datasetId}, ${actorId}, now() from stat_staging s
		on conflict (indicator_code, level, territory_id, period) do update set
			value = excluded.value, status = excluded.status, note = excluded.note, dataset_id = excluded.dataset_id,
			updated_by = excluded.updated_by, updated_at = excluded.updated_at
		where observation.value is distinct from excluded.value or observation.status <> excluded.status or observation.note is distinct from excluded.note`);
	return counts;
}

/**
 * Takes a dataset's values out: where its value is still the current one, the value it replaced comes back (or the
 * observation goes, if it added it); values revised since by other imports stay as they are.
 */
export async function removeDatasetValues(tx: Executor, datasetId: string): Promise<{ restored: number; removed: number }> {
	const [{ restored }] = rowsOf<{ restored: number }>(
		await tx.execute(sql`with previous as (
			select distinct on (r.indicator_code, r.level, r.territory_id, r.period) r.*
			from observation_revision r where r.replaced_by_dataset = ${datasetId}
			order by r.indicator_code, r.level, r.territory_id, r.period, r.replaced_at desc),
		restored as (
			update observation o set value = p.value, status = p.status, note = p.note, dataset_id = p.dataset_id, updated_at = now()
			from previous p
			where o.dataset_id = ${datasetId} and o.indicator_code = p.indicator_code and o.level = p.level and o.territory_id = p.territory_id and o.period = p.period
			returning 1)
		select count(*)::int as restored from restored`)
	);
	const [{ removed }] = rowsOf<{ removed: number }>(
		await tx.execute(sql`with removed as (delete from observation where dataset_id = ${datasetId} returning 1) select count(*)::int as removed from removed`)
	);
	await tx.execute(sql`delete from observation_revision where replaced_by_dataset = ${datasetId}`);
	return { restored, removed };
}
