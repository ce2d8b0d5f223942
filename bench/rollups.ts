// `npx tsx bench/rollups.ts`: materialised roll-ups (decision 0017) with about 1,000,000 municipal observations on
// PostgreSQL. A fresh database gets the real gazetteer, the built-in indicators and one summed indicator with a value
// for every municipality × 1956–2024 (written by SQL: the import itself is bench/statistics.ts's subject). Then: the
// time of refreshing that indicator's roll-ups (whole, and one period as a report does), a set-based `group by` of the
// same sums for comparison, and the indicator page (`getIndicatorPage`, what the SSR page reads) at country and
// first-level, one period and latest values, read from the materialised rows and rolled up on the fly.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { getIndicatorPage } from '../src/lib/server/statistics/indicator-page';
import { refreshBuiltInIndicators } from '../src/lib/server/statistics/indicator-service';
import { refreshRollups } from '../src/lib/server/statistics/rollups';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy/service';
import { loadTerritoryDirectory } from '../src/lib/server/territories/load-territories';
import { referenceDataDir } from '../src/lib/server/territories/sources';

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUNS = Number(process.env.BENCH_ROLLUPS_RUNS ?? 40);
const CODE = 'BENCH_ROLLUP';
const name = `cabildo_bench_rollups_${process.pid}`;

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
	for (let i = 0; i < 3; i++) await work();
	const took: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		await work();
		took.push(performance.now() - started);
	}
	took.sort((a, b) => a - b);
	return { p50: Math.round(percentile(took, 50) * 10) / 10, p99: Math.round(percentile(took, 99) * 10) / 10 };
}

const admin = new pg.Client({ connectionString: ADMIN_URL });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
try {
	useDatabase(database);
	const db = database.db;
	await migrateDatabase(database);
	await loadTerritoryDirectory(db, referenceDataDir());
	await loadReferenceTaxonomy(db);
	await db.transaction((tx) => refreshBuiltInIndicators(tx));
	await db.execute(sql`insert into indicator (code, names, unit, levels, aggregation) values (${CODE}, '{"es": "Bench"}', 'pesos', '{municipality,admin1,country}', 'sum')`);
	await db.execute(sql`insert into observation (indicator_code, level, territory_id, period, value, status)
		select ${CODE}, 'municipality', m.id, y::text, round((random() * 20000)::numeric, 1)::float8, 'A' from municipality m, generate_series(1956, 2024) y`);
	await db.execute(sql`vacuum analyze observation`);
	const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from observation`));
	console.log(`observations: ${n}`);

	const whole = await time(3, () => db.transaction((tx) => refreshRollups(tx, CODE)));
	const [{ rollups }] = rowsOf<{ rollups: number }>(await db.execute(sql`select count(*)::int as rollups from observation_rollup where indicator_code = ${CODE}`));
	console.log(`refresh of the whole indicator (${rollups} roll-ups, JS rollUp): p50 ${whole.p50} ms, max ${whole.p99} ms`);
	const onePeriod = await time(20, () => db.transaction((tx) => refreshRollups(tx, CODE, ['2020'])));
	console.log(`refresh of one period (a report's): p50 ${onePeriod.p50} ms, p99 ${onePeriod.p99} ms`);
	const setBased = await time(3, () =>
		db.transaction(async (tx) => {
			await tx.execute(sql`create temp table set_based on commit drop as
				select o.indicator_code, 'admin1' as level, o.period, m.country_code || '-' || m.admin1_code as territory_id, sum(o.value) as value, count(o.value) as reported
				from observation o join municipality m on m.id = o.territory_id where o.indicator_code = ${CODE} and o.level = 'municipality' group by 1, 2, 3, 4
				union all
				select o.indicator_code, 'country', o.period, m.country_code, sum(o.value), count(o.value)
				from observation o join municipality m on m.id = o.territory_id where o.indicator_code = ${CODE} and o.level = 'municipality' group by 1, 2, 3, 4`);
		})
	);
	console.log(`set-based group by of the same sums (no coverage denominators, plain float8 sum): p50 ${setBased.p50} ms, max ${setBased.p99} ms`);

	const ctx = { locale: 'es' as const };
	const views: [string, Record<string, string>][] = [
		['country, 2020', { level: 'country', period: '2020' }],
		['country, latest', { level: 'country' }],
		['admin1, 2020', { level: 'admin1', period: '2020' }],
		['admin1, latest', { level: 'admin1' }],
		['municipality, 2020', { level: 'municipality', period: '2020' }]
	];
	for (const [label, input] of views) {
		const materialised = await time(RUNS, () => getIndicatorPage(ctx, CODE, input));
		await db.execute(sql`delete from observation_rollup_state where indicator_code = ${CODE}`);
		const computed = await time(Math.min(RUNS, 10), () => getIndicatorPage(ctx, CODE, input));
		await db.transaction((tx) => refreshRollups(tx, CODE));
		console.log(`getIndicatorPage ${label}: on the fly p50 ${computed.p50} / p99 ${computed.p99} ms → materialised p50 ${materialised.p50} / p99 ${materialised.p99} ms`);
	}
} finally {
	await database.close();
	await admin.query(`drop database if exists ${name}`);
	await admin.end();
}
