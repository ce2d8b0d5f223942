// `npm run bench` (fourth part), or `tsx bench/statistics.ts` alone: local statistics on PostgreSQL and on PGlite —
// importing a CSV of about 1,000,000 observations (every municipality × 69 years) through the built app started as
// `npm start` starts it (time and the server process's peak memory), then the ranking of every municipality for a year and by latest value, a time
// series of five municipalities and a derived indicator (per thousand inhabitants) as service calls, and on
// PostgreSQL the indicator page over HTTP. Replaces the "Local statistics" section of docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Actor } from '../src/lib/server/context';
import { openDatabase, type OpenDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { createAdministrator } from '../src/lib/server/accounts/service';
import { municipality } from '../src/lib/server/db/schema';
import { refreshBuiltInIndicators, saveIndicator } from '../src/lib/server/statistics/indicator-service';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy/service';
import { loadTerritoryDirectory } from '../src/lib/server/territories/load-territories';
import { referenceDataDir } from '../src/lib/server/territories/sources';
import { startEnvironment, startFlags, startServer, stopServer, waitReady } from './server';
import { importOverHttp, type HttpImportFigures, type HttpImportStep } from './statistics-import';

const FIRST_YEAR = Number(process.env.BENCH_STATISTICS_FIRST_YEAR ?? 1956);
const LAST_YEAR = 2024;
const RUNS = Number(process.env.BENCH_STATISTICS_RUNS ?? 200);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const BACKENDS = (process.env.BENCH_STATISTICS_BACKENDS ?? 'postgres,pglite').split(',');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 4341;
const CODE = 'BENCH_SPENDING';
const DERIVED = 'BENCH_SPENDING_PER_THOUSAND';
const EDITOR = { email: 'bench-statistics@bench.invalid', password: 'bench statistics password' };

interface ImportFigures extends Partial<HttpImportFigures> {
	status?: string;
	observations?: number;
	report?: { added: number; revised: number; unchanged: number } | null;
}

interface Latency {
	p50: number;
	p99: number;
}

interface Result {
	backend: string;
	setupSeconds: number;
	municipalities: number;
	rows: number;
	populationYear: string;
	populationCount: number;
	imported: ImportFigures;
	importError: string | null;
	vacuumSeconds: number | null;
	ranking: Latency;
	latest: Latency;
	series: Latency;
	derived: Latency;
	derivedRows: number;
	table: { reltuples: number; relpages: number; relallvisible: number };
	page: { rps: number; p50: number; p99: number; errors: number } | null;
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A small deterministic generator, so every run draws the same territories. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
}

/** Migrates, loads the gazetteer, the taxonomy and the built-in indicators, adds an editor and the two indicators. */
async function prepare(database: OpenDatabase): Promise<{ ids: string[]; populationYear: string; populationCount: number }> {
	await migrateDatabase(database);
	await loadTerritoryDirectory(database.db, referenceDataDir());
	await loadReferenceTaxonomy(database.db);
	await database.db.transaction(async (tx) => {
		await refreshBuiltInIndicators(tx);
	});
	// An administrator holds the statistics editor's powers and signs in with a password, as an editor would.
	const { userId } = await createAdministrator({ email: EDITOR.email, name: 'Bench', password: EDITOR.password });
	const actor: Actor = { id: userId, email: EDITOR.email, name: 'Bench', roles: [{ role: 'admin', subRole: null, municipalityId: null }] };
	const ctx = { actor, locale: 'es' as const };
	await saveIndicator(
		ctx,
		{ code: CODE, 'name.es': 'Gasto municipal (bench)', unit: 'miles de USD', decimals: '1', levels: 'municipality admin1 country', periodicity: 'annual', aggregation: 'sum', source: 'Generado por bench/statistics.ts' },
		{ creating: true }
	);
	await saveIndicator(
		ctx,
		{ code: DERIVED, 'name.es': 'Gasto municipal por mil habitantes (bench)', unit: 'miles de USD', decimals: '2', levels: 'municipality', source: 'Generado por bench/statistics.ts', formula: { kind: 'per_thousand', numerator: CODE, population: 'POPULATION' } },
		{ creating: true }
	);
	const ids = (await database.db.select({ id: municipality.id }).from(municipality).orderBy(municipality.id)).map((row) => row.id);
	const [top] = rowsOf<{ year: number; n: number }>(
		await database.db.execute(sql`select population_year as year, count(*)::int as n from municipality where population is not null and population_year is not null group by 1 order by 2 desc limit 1`)
	);
	return { ids, populationYear: String(top.year), populationCount: top.n };
}

/** The long CSV an office would send: our identifier, the year and a value with a decimal comma, one per line. */
function writeCsv(file: string, ids: string[]): number {
	const draw = random(7);
	const chunks: string[] = ['territory;period;value\n'];
	let rows = 0;
	for (const id of ids) {
		const base = 50 + draw() * 20_000;
		let lines = '';
		for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
			lines += `${id};${year};${(base * (1 + (year - FIRST_YEAR) * 0.03) * (0.9 + draw() * 0.2)).toFixed(1).replace('.', ',')}\n`;
			rows++;
		}
		chunks.push(lines);
	}
	writeFileSync(file, chunks.join(''));
	return rows;
}

/**
 * After a large import the server vacuums and analyzes the observations in the background; on PostgreSQL the
 * queries are measured once that is over (it would otherwise compete with them). Returns how long it went on.
 */
async function waitForVacuum(databaseUrl: string): Promise<number> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	const started = performance.now();
	try {
		// The job starts its vacuum just after its transaction commits, which is when the page says it is done.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		for (let waited = 0; waited < 300; waited++) {
			const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'vacuum%' and state = 'active'`);
			if (rows[0].n === 0) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	} finally {
		await client.end();
	}
	return (performance.now() - started) / 1000;
}

async function runBackend(kind: 'postgres' | 'pglite', csv: string): Promise<Result> {
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	const dbName = `cabildo_bench_stats_${process.pid}`;
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${dbName}`;
	const dataDir = kind === 'pglite' ? mkdtempSync(path.join(os.tmpdir(), 'cabildo-bench-stats-')) : '';
	const open = () => openDatabase(kind === 'postgres' ? { databaseUrl: url.toString() } : { dataDir });
	const backend = kind === 'postgres' ? 'PostgreSQL 15' : 'PGlite';
	if (kind === 'postgres') {
		await admin.connect();
		await admin.query(`create database ${dbName}`);
	}
	try {
		console.log(`[statistics] ${backend}: migrate, gazetteer, taxonomy, built-in indicators…`);
		let started = performance.now();
		let database = await open();
		useDatabase(database);
		const { ids, populationYear, populationCount } = await prepare(database);
		const setupSeconds = (performance.now() - started) / 1000;
		// PGlite is one process: the parent lets go of it while the child imports.
		await database.close();
		const rows = existsSync(csv) ? readFileSync(csv, 'latin1').split('\n').length - 2 : writeCsv(csv, ids);

		console.log(`[statistics] ${backend}: importing ${rows.toLocaleString('en')} observations through the app (${startFlags(kind === 'postgres' ? url.toString() : '').join(' ')})…`);
		started = performance.now();
		let imported: ImportFigures = {};
		let importError: string | null = null;
		let vacuumSeconds: number | null = null;
		const server = startServer(PORT, kind === 'postgres' ? url.toString() : '', { dataDir: kind === 'pglite' ? dataDir : undefined });
		try {
			await waitReady(PORT);
			imported = await importOverHttp({ base: `http://127.0.0.1:${PORT}`, pid: server.pid ?? 0, csv, indicator: CODE, ...EDITOR });
			if (kind === 'postgres') vacuumSeconds = await waitForVacuum(url.toString());
		} catch (error) {
			importError = error instanceof Error ? error.message : String(error);
		} finally {
			await stopServer(server);
		}

		database = await open();
		useDatabase(database);
		if (imported.datasetId) {
			const [row] = rowsOf<{ status: string; row_count: number; added: number; revised: number; unchanged: number; problems: unknown }>(
				await database.db.execute(sql`select status, row_count, added, revised, unchanged, problems from dataset where id = ${imported.datasetId}`)
			);
			imported = { ...imported, status: row.status, observations: row.row_count, report: { added: row.added, revised: row.revised, unchanged: row.unchanged } };
			if (row.status !== 'done') importError ??= `import ${row.status}: ${JSON.stringify(row.problems)}`;
		}
		console.log(`[statistics] ${backend}: import took ${((performance.now() - started) / 1000).toFixed(1)} s`, imported);
		// Queries run on what the import left: no ANALYZE or VACUUM here (autovacuum is off on a CI server, absent in
		// PGlite). Whether the planner has statistics and the visibility map is set is read from pg_class.
		const [table] = rowsOf<{ reltuples: number; relpages: number; relallvisible: number }>(
			await database.db.execute(sql`select reltuples::float8 as reltuples, relpages, relallvisible from pg_class where relname = 'observation'`)
		);
		await database.close();
		const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, index) => String(FIRST_YEAR + index));
		console.log(`[statistics] ${backend}: rankings, series and a derived indicator, in a process with the server's flags…`);
		const queryEnv: NodeJS.ProcessEnv = {
			...process.env,
			...startEnvironment,
			AUTH_SECRET: 'bench-secret-bench-secret-bench-secret',
			LOG_LEVEL: 'warn',
			BENCH_INDICATOR: CODE,
			BENCH_DERIVED: DERIVED,
			BENCH_POPULATION_YEAR: populationYear,
			BENCH_YEARS: years.join(','),
			BENCH_RUNS: String(RUNS)
		};
		delete queryEnv.DATABASE_URL;
		delete queryEnv.DATA_DIR;
		if (kind === 'postgres') queryEnv.DATABASE_URL = url.toString();
		else queryEnv.DATA_DIR = dataDir;
		const queryRun = spawnSync(process.execPath, [...startFlags(queryEnv.DATABASE_URL ?? ''), '--import', 'tsx', 'bench/statistics-queries.ts'], { env: queryEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 2 ** 20 });
		const none = { p50: NaN, p99: NaN };
		let queried: { ranking: Latency; latest: Latency; series: Latency; derived: Latency; derivedRows: number } = { ranking: none, latest: none, series: none, derived: none, derivedRows: 0 };
		try {
			queried = JSON.parse(queryRun.stdout.trim().split('\n').pop() ?? '') as typeof queried;
		} catch {
			importError ??= `queries: exit ${queryRun.status}`;
		}
		const { ranking, latest, series, derived } = queried;

		let page: Result['page'] = null;
		if (kind === 'postgres') {
			console.log(`[statistics] ${backend}: indicator page over HTTP…`);
			const server = startServer(PORT, url.toString());
			try {
				await waitReady(PORT);
				for (const year of years.slice(0, 4)) await fetch(`http://127.0.0.1:${PORT}/estadisticas/indicadores/${CODE}?level=municipality&period=${year}&warm=1`);
				let counter = 0;
				const result = await autocannon({
					url: `http://127.0.0.1:${PORT}`,
					connections: 4,
					duration: DURATION,
					requests: [
						{
							method: 'GET',
							setupRequest: (request) => {
								const n = counter++;
								return { ...request, path: `/estadisticas/indicadores/${CODE}?level=municipality&period=${years[n % years.length]}&n=${n}` };
							}
						}
					]
				});
				page = { rps: result.requests.total / DURATION, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
			} finally {
				await stopServer(server);
			}
		}
		return { backend, setupSeconds, municipalities: ids.length, rows, populationYear, populationCount, imported, importError, vacuumSeconds, ranking, latest, series, derived, derivedRows: queried.derivedRows, table, page };
	} finally {
		if (kind === 'postgres') {
			// BENCH_KEEP_DB=1 leaves the database for EXPLAIN ANALYZE.
			if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
			else await admin.query(`drop database if exists ${dbName} with (force)`);
			await admin.end();
		} else if (process.env.BENCH_KEEP_DB === '1') console.log(`kept PGlite data directory ${dataDir}`);
		else rmSync(dataDir, { recursive: true, force: true });
	}
}

function section(results: Result[], machine: { pg: string; loadBefore: number[]; loadAfter: number[] }): string[] {
	const verdict = (met: boolean) => (met ? 'met' : 'not met');
	const ms = (value: number) => (value < 10 ? value.toFixed(1) : value.toFixed(0));
	const s = (value: number | undefined) => (value === undefined ? '?' : value.toFixed(1));
	const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(' / ');
	const first = results[0];
	const lines = [
		'## Local statistics',
		'',
		`Measured by \`npm run bench:statistics\` (bench/statistics.ts; also the fourth part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${machine.pg} on the same machine, PGlite ${pgliteVersion()}. Load average (1 / 5 / 15 min) ${load(machine.loadBefore)} at the start and ${load(machine.loadAfter)} at the end: when other work shares the cores, wall times carry that noise.`,
		'',
		`Each backend starts empty: migrations, the real gazetteer (${first.municipalities.toLocaleString('en')} municipalities), the taxonomy and the built-in indicators. The import is a long CSV (\`territory;period;value\`, our identifiers, decimal comma) of **${first.rows.toLocaleString('en')} observations** (every municipality × ${FIRST_YEAR}–${LAST_YEAR}, an annual indicator; ${((first.imported.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB, under the 64 MB upload limit), imported through the built app started as \`npm start\` starts it (\`node ${startFlags('postgres://').join(' ')} build/index.js\` on PostgreSQL, \`node ${startFlags('').join(' ')} build/index.js\` on PGlite, body limit 70M; docs/decisions/0010): an editor signs in, sends the upload form, the mapping with its preview and the commit, then reads the dataset page until the background job has ended. The server process's resident memory is sampled every 50 ms, and its high-water mark is read from the kernel after being reset once the server has started (the start-up peak is shown apart); with PGlite the database runs inside that process, so its memory counts. While the import runs, a small page is fetched once a second, to see that the server goes on answering. Queries are service calls after the import, in a process started with the same Node flags as the server (20 warm-up calls, then ${RUNS} measured): the ranking rotates through the ${LAST_YEAR - FIRST_YEAR + 1} years, each series call draws five other municipalities, and the derived indicator is \`per_thousand\` of the imported one over POPULATION for ${first.populationYear}, the gazetteer's year with most populations (${first.populationCount.toLocaleString('en')} municipalities).`,
		''
	];
	for (const result of results) {
		const im = result.imported;
		const total = (im.upload?.seconds ?? NaN) + (im.preview?.seconds ?? NaN) + (im.commit?.seconds ?? NaN);
		const stepRow = (label: string, step: HttpImportStep | undefined) => `| import: ${label} | ${s(step?.seconds)} s; peak ${step?.peakMiB.toFixed(0) ?? '?'} MiB resident (sampled) | — |`;
		lines.push(
			`### ${result.backend}`,
			'',
			`Setup (migrate, gazetteer, taxonomy, built-in indicators): ${result.setupSeconds.toFixed(1)} s. After the import, as the queries found it: ${result.table.reltuples > 0 ? `planner statistics for ${Math.round(result.table.reltuples).toLocaleString('en')} observations` : 'no planner statistics'}, ${result.table.relpages ? Math.round((100 * result.table.relallvisible) / result.table.relpages) : 0}% of the table's pages marked all-visible (index-only scans skip those pages).${result.vacuumSeconds === null ? '' : ` The queries start once the server's vacuum and analyze after the import has ended (${result.vacuumSeconds.toFixed(0)} s after the page said the import was done).`}${result.importError ? ` **Failed:** ${result.importError.slice(0, 400)}` : ''}`,
			'',
			'| measure | figure | aim |',
			'|---|---|---|',
			stepRow('upload form (send the file; check its encoding, guess the dialect and mapping, gzip and store it)', im.upload),
			stepRow('preview (read and check every row with the mapping)', im.preview),
			stepRow('commit (the background job: read again, stage, merge in one transaction, then its vacuum and analyze of a large import; until the page says it is done)', im.commit),
			`| import: upload + preview + commit, ${(im.observations ?? 0).toLocaleString('en')} observations (${im.report ? `${im.report.added.toLocaleString('en')} added` : (im.status ?? 'no report')}) | **${s(total)} s** | under 60 s: ${verdict(total < 60 && !result.importError)} |`,
			`| import: peak resident memory of the server process during the import (${im.beforeMiB?.toFixed(0) ?? '?'} MiB when it began; the start-up's own peak was ${im.startupPeakMiB?.toFixed(0) ?? '?'} MiB) | **${im.peakMiB?.toFixed(0) ?? '?'} MiB** (${(((im.peakMiB ?? 0) * 2 ** 20) / 1e6).toFixed(0)} MB) | under 300 MB: ${verdict((im.peakMiB ?? Infinity) * 2 ** 20 < 300e6)} |`,
			`| import: the slowest answer of a small page (\`/estadisticas\`, fetched every second) while the import ran | ${im.slowestOtherRequestMs?.toFixed(0) ?? '?'} ms | — |`,
			`| import: the slowest \`/healthz\` (no database; one every 200 ms), i.e. the longest the event loop was held | ${im.slowestLivenessMs?.toFixed(0) ?? '?'} ms | — |`,
			`| ranking of all ${result.municipalities.toLocaleString('en')} municipalities for one year (\`getIndicatorTable\`), p50 / p99 | ${ms(result.ranking.p50)} / **${ms(result.ranking.p99)} ms** | p99 under 100 ms: ${verdict(result.ranking.p99 < 100)} |`,
			`| ranking by each municipality's latest value (no period: the page's default view), p50 / p99 | ${ms(result.latest.p50)} / **${ms(result.latest.p99)} ms** | — |`,
			`| time series of five municipalities, ${LAST_YEAR - FIRST_YEAR + 1} years (\`getIndicatorSeries\`), p50 / p99 | ${ms(result.series.p50)} / **${ms(result.series.p99)} ms** | p99 under 30 ms: ${verdict(result.series.p99 < 30)} |`,
			`| derived indicator across all municipalities (\`getIndicatorTable\`, ${result.derivedRows.toLocaleString('en')} with a value), p50 / p99 | ${ms(result.derived.p50)} / **${ms(result.derived.p99)} ms** | p99 under 200 ms: ${verdict(result.derived.p99 < 200)} |`
		);
		if (result.page) {
			lines.push(
				`| indicator page over HTTP (\`/estadisticas/indicadores/${CODE}?level=municipality&period=…\`: SSR table, distribution and series chart; every request different), autocannon, 4 connections, ${DURATION} s | ${result.page.rps.toFixed(1)} req/s, p50 ${result.page.p50} / p99 **${result.page.p99} ms**, ${result.page.errors} errors | — |`
			);
		}
		lines.push('');
	}
	return lines;
}

function pgliteVersion(): string {
	try {
		return (JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string }).version;
	} catch {
		return '?';
	}
}

async function main() {
	// Always a fresh build: the import and the page are measured on the app as it is now.
	spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	const loadBefore = os.loadavg();
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	const setting = async (name: string) => ((await admin.query(`select current_setting('${name}') as value`)).rows[0] as { value: string }).value;
	const pgFacts = `PostgreSQL ${(await setting('server_version')).split(' ')[0]} (shared_buffers ${await setting('shared_buffers')}, autovacuum ${await setting('autovacuum')})`;
	await admin.end();
	const csvDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-bench-stats-csv-'));
	const csv = path.join(csvDir, 'observaciones.csv');
	const results: Result[] = [];
	try {
		for (const kind of ['postgres', 'pglite'] as const) if (BACKENDS.includes(kind)) results.push(await runBackend(kind, csv));
	} finally {
		rmSync(csvDir, { recursive: true, force: true });
	}
	const lines = section(results, { pg: pgFacts, loadBefore, loadAfter: os.loadavg() });
	const file = 'docs/benchmarks.md';
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const kept = existing.replace(/\n## Local statistics[\s\S]*?(?=\n## (?!Local statistics)|$)/, '').trimEnd();
	writeFileSync(file, `${kept}\n\n${lines.join('\n')}\n`);
	console.log(lines.join('\n'));
}

await main();
