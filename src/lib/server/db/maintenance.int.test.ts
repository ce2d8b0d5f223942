import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createAdmin, uniqueToken } from '../../../../tests/factories';
import { testDatabaseKind } from '../../../../tests/helpers/db';
import { analyzeTablesJob, enqueueJob, listJobs } from '../jobs';
import { getDb } from '.';
import { maintainTables, readTableActivity } from './maintenance';

const estimate = async (table: string) => Number(((await getDb().execute(sql`select reltuples from pg_class where relname = ${table}`)) as unknown as { rows: { reltuples: number }[] }).rows[0].reltuples);

async function filledTable(rows: number) {
	const table = `scratch_${uniqueToken().toLowerCase().replace(/[^a-z0-9]/g, '')}`;
	await getDb().execute(sql.raw(`create table ${table} (id int primary key, label text)`));
	await getDb().execute(sql.raw(`insert into ${table} select g, 'row ' || g from generate_series(1, ${rows}) g`));
	return table;
}

describe('database maintenance (what autovacuum does, for PGlite)', () => {
	it('sees a freshly filled table as never analyzed, then vacuums and analyzes it once', async () => {
		const table = await filledTable(5000);
		expect(await estimate(table)).toBe(-1);
		expect((await readTableActivity(getDb())).find((item) => item.table === table)).toMatchObject({ estimatedRows: -1, insertedSinceVacuum: 5000 });
		const report = await maintainTables(getDb());
		// On PostgreSQL autovacuum may have come first; on PGlite only this run can have done it.
		if (testDatabaseKind() === 'pglite') expect(report.vacuumed).toContain(`public.${table}`);
		expect(await estimate(table)).toBe(5000);
		const again = await maintainTables(getDb());
		expect([...again.vacuumed, ...again.analyzed]).not.toContain(`public.${table}`);
	});

	it('analyzes named tables through a job after a bulk change, off the request', async () => {
		const table = await filledTable(300);
		const jobId = await enqueueJob(getDb(), analyzeTablesJob, { tables: [table] });
		const admin = await createAdmin();
		await expect.poll(async () => (await listJobs({ actor: admin, locale: 'es' }, { name: 'db.analyze-tables', view: 'done', pageSize: '100' })).items.some((job) => job.id === jobId), { timeout: 20_000 }).toBe(true);
		expect(await estimate(table)).toBe(300);
		expect(() => analyzeTablesJob.payload.parse({ tables: ['observation; drop table user'] })).toThrow();
	});
});
