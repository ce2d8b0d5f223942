// Planner statistics and vacuuming (issue 12 §5). PostgreSQL's autovacuum keeps both current on a server; the
// embedded PGlite runs no autovacuum, so tables filled at first start had no statistics and the planner chose plans
// that cost seconds of CPU. Bulk loads analyze what they filled; on PGlite a scheduled job (jobs/maintenance.ts)
// applies autovacuum's own thresholds to every table.
import { sql } from 'drizzle-orm';
import type { Executor } from './client';

/** What the cumulative statistics say of one table since it was last analyzed and vacuumed. */
export interface TableActivity {
	schema: string;
	table: string;
	/** The planner's row estimate from the last ANALYZE or VACUUM; -1 when it never had one. */
	estimatedRows: number;
	deadRows: number;
	modifiedSinceAnalyze: number;
	insertedSinceVacuum: number;
}

/** PostgreSQL's autovacuum defaults: a base number of rows plus a share of the table. */
export const autovacuumThresholds = {
	analyze: { base: 50, scale: 0.1 },
	vacuum: { base: 50, scale: 0.2 },
	insertVacuum: { base: 1000, scale: 0.2 }
} as const;

/**
 * Which tables need ANALYZE and which VACUUM, by autovacuum's rules: a table never analyzed (and not empty), or
 * modified beyond its threshold since; dead rows or inserted rows beyond theirs since the last vacuum.
 */
export function chooseMaintenance(tables: readonly TableActivity[], thresholds = autovacuumThresholds): { analyze: TableActivity[]; vacuum: TableActivity[] } {
	const analyze: TableActivity[] = [];
	const vacuum: TableActivity[] = [];
	for (const table of tables) {
		const rows = Math.max(table.estimatedRows, 0);
		const needsVacuum = table.deadRows > thresholds.vacuum.base + thresholds.vacuum.scale * rows || table.insertedSinceVacuum > thresholds.insertVacuum.base + thresholds.insertVacuum.scale * rows;
		const neverAnalyzed = table.estimatedRows < 0 && table.modifiedSinceAnalyze > 0;
		const needsAnalyze = neverAnalyzed || table.modifiedSinceAnalyze > thresholds.analyze.base + thresholds.analyze.scale * rows;
		// VACUUM (ANALYZE) does both: a table needing both is vacuumed only.
		if (needsVacuum) vacuum.push(table);
		else if (needsAnalyze) analyze.push(table);
	}
	return { analyze, vacuum };
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
const qualified = (table: { schema: string; table: string }) => sql.raw(`"${table.schema.replaceAll('"', '""')}"."${table.table.replaceAll('"', '""')}"`);

/**
 * Every user table's activity. The counters are flushed from a backend now and then; on PGlite, one backend does
 * all the writing, so a flush is asked for first (`pg_stat_force_next_flush`, PostgreSQL 15+).
 */
export async function readTableActivity(db: Executor): Promise<TableActivity[]> {
	await db.execute(sql`select pg_stat_force_next_flush()`);
	return rowsOf<{ schema: string; table: string; estimated: number | string; dead: number | string; modified: number | string; inserted: number | string }>(
		await db.execute(sql`select s.schemaname as schema, s.relname as table, c.reltuples as estimated, s.n_dead_tup as dead,
			s.n_mod_since_analyze as modified, s.n_ins_since_vacuum as inserted
			from pg_stat_user_tables s join pg_class c on c.oid = s.relid order by s.schemaname, s.relname`)
	).map((row) => ({ schema: row.schema, table: row.table, estimatedRows: Number(row.estimated), deadRows: Number(row.dead), modifiedSinceAnalyze: Number(row.modified), insertedSinceVacuum: Number(row.inserted) }));
}

/**
 * Refreshes the planner statistics after a bulk load: of the named tables, or of the whole database. Cheap (ANALYZE
 * samples at most 30,000 rows per table) and allowed inside a transaction.
 */
export async function analyzeTables(db: Executor, tables?: readonly string[]): Promise<void> {
	if (!tables?.length) {
		await db.execute(sql`analyze`);
		return;
	}
	for (const table of tables) await db.execute(sql`analyze ${qualified({ schema: 'public', table })}`);
}

/** What a maintenance run did, for the log. */
export interface MaintenanceReport {
	analyzed: string[];
	vacuumed: string[];
	ms: number;
}

/**
 * One run of what autovacuum would do: VACUUM (ANALYZE) the tables past their dead- or inserted-row threshold,
 * ANALYZE those past their modification threshold. VACUUM cannot run in a transaction: pass the database itself.
 */
export async function maintainTables(db: Executor): Promise<MaintenanceReport> {
	const started = performance.now();
	const { analyze, vacuum } = chooseMaintenance(await readTableActivity(db));
	for (const table of vacuum) await db.execute(sql`vacuum (analyze) ${qualified(table)}`);
	for (const table of analyze) await db.execute(sql`analyze ${qualified(table)}`);
	const name = (table: TableActivity) => `${table.schema}.${table.table}`;
	return { analyzed: analyze.map(name), vacuumed: vacuum.map(name), ms: Math.round(performance.now() - started) };
}
