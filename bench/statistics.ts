// `npm run bench` (fourth part), or `tsx bench/statistics.ts` alone: local statistics on PostgreSQL and on PGlite —
// importing a CSV of about 1,000,000 observations (every municipality × 69 years) as the app does, in a child
// process (time and peak memory), then the ranking of every municipality for a year and by latest value, a time
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
import { municipality, roleGrant, user } from '../src/lib/server/db/schema';
import { getIndicatorSeries, getIndicatorTable, refreshBuiltInIndicators, saveIndicator } from '../src/lib/server/statistics/indicator-service';
import { loadReferenceTaxonomy } from '../src/lib/server/taxonomy/service';
import { loadTerritoryDirectory } from '../src/lib/server/territories/load-territories';
import { referenceDataDir } from '../src/lib/server/territories/sources';
import { startServer, stopServer, waitReady } from './server';

const FIRST_YEAR = Number(process.env.BENCH_STATISTICS_FIRST_YEAR ?? 1956);
const LAST_YEAR = 2024;
const WARMUP = 20;
const RUNS = Number(process.env.BENCH_STATISTICS_RUNS ?? 200);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const BACKENDS = (process.env.BENCH_STATISTICS_BACKENDS ?? 'postgres,pglite').split(',');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 4341;
const CODE = 'BENCH_SPENDING';
const DERIVED = 'BENCH_SPENDING_PER_THOUSAND';
const ACTOR_ID = 'bench-statistics-editor';

interface ImportStep {
	seconds: number;
	cpuSeconds: number;
	peak: { rssMiB: number; heapUsedMiB: number; heapTotalMiB: number; externalMiB: number };
}

interface ImportFigures {
	bytes?: number;
	observations?: number;
	problems?: number;
	status?: string;
	report?: { added: number; revised: number; unchanged: number } | null;
	failure?: unknown;
	upload?: ImportStep;
	preview?: ImportStep;
	commit?: ImportStep;
	startRssMiB?: number;
	openedRssMiB?: number;
	sampledPeakMiB?: number;
	peakMiB?: number;
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
	await database.db.insert(user).values({ id: ACTOR_ID, name: 'Bench', email: 'bench-statistics@bench.invalid', emailVerified: true });
	await database.db.insert(roleGrant).values({ userId: ACTOR_ID, role: 'statistics_editor' });
	const actor: Actor = { id: ACTOR_ID, email: 'bench-statistics@bench.invalid', name: 'Bench', roles: [{ role: 'statistics_editor', subRole: null, municipalityId: null }] };
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

/** p50 and p99 of a service call in milliseconds: 20 warm-up calls, then RUNS measured ones. */
async function measure(call: (n: number) => Promise<unknown>): Promise<Latency> {
	for (let n = 0; n < WARMUP; n++) await call(n);
	const times: number[] = [];
	for (let n = 0; n < RUNS; n++) {
		const started = performance.now();
		await call(WARMUP + n);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
	return { p50: at(0.5), p99: at(0.99) };
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

		console.log(`[statistics] ${backend}: importing ${rows.toLocaleString('en')} observations in a child process…`);
		const env: NodeJS.ProcessEnv = { ...process.env, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'warn', BENCH_CSV: csv, BENCH_INDICATOR: CODE, BENCH_ACTOR: ACTOR_ID };
		delete env.DATABASE_URL;
		delete env.DATA_DIR;
		if (kind === 'postgres') env.DATABASE_URL = url.toString();
		else env.DATA_DIR = dataDir;
		started = performance.now();
		const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/statistics-import-run.ts'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 2 ** 20 });
		let imported: ImportFigures = {};
		let importError: string | null = null;
		try {
			imported = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as ImportFigures;
		} catch {
			importError = `exit ${child.status}: ${child.stdout.slice(-500)}`;
		}
		if (child.status !== 0) importError ??= `exit ${child.status}`;
		if (imported.status && imported.status !== 'done') importError ??= `import ${imported.status}: ${JSON.stringify(imported.failure ?? '')}`;
		console.log(`[statistics] ${backend}: import took ${((performance.now() - started) / 1000).toFixed(1)} s`, imported);

		database = await open();
		useDatabase(database);
		// Queries run on what the import left: no ANALYZE or VACUUM here (autovacuum is off on a CI server, absent in
		// PGlite). Whether the planner has statistics and the visibility map is set is read from pg_class.
		const [table] = rowsOf<{ reltuples: number; relpages: number; relallvisible: number }>(
			await database.db.execute(sql`select reltuples::float8 as reltuples, relpages, relallvisible from pg_class where relname = 'observation'`)
		);
		const ctx = { locale: 'es' as const };
		const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, index) => String(FIRST_YEAR + index));
		console.log(`[statistics] ${backend}: ranking of ${ids.length.toLocaleString('en')} municipalities for a year…`);
		const ranking = await measure((n) => getIndicatorTable(ctx, CODE, { level: 'municipality', period: years[n % years.length] }));
		console.log(`[statistics] ${backend}: ranking by latest value…`);
		const latest = await measure(() => getIndicatorTable(ctx, CODE, { level: 'municipality' }));
		console.log(`[statistics] ${backend}: time series of five municipalities…`);
		const draw = random(11);
		const series = await measure(() => getIndicatorSeries(ctx, CODE, { level: 'municipality', territories: Array.from({ length: 5 }, () => ids[Math.floor(draw() * ids.length)]) }));
		console.log(`[statistics] ${backend}: derived indicator (per thousand inhabitants) for ${populationYear}…`);
		const derived = await measure(() => getIndicatorTable(ctx, DERIVED, { level: 'municipality', period: populationYear }));
		const derivedTable = await getIndicatorTable(ctx, DERIVED, { level: 'municipality', period: populationYear });
		await database.close();

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
		return { backend, setupSeconds, municipalities: ids.length, rows, populationYear, populationCount, imported, importError, ranking, latest, series, derived, derivedRows: derivedTable.ranked, table, page };
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
		`Measured by \`npm run bench:statistics\` (bench/statistics.ts; also the fourth part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${machine.pg} on the same machine, PGlite ${pgliteVersion()}. Load average (1 / 5 / 15 min) ${load(machine.loadBefore)} at the start and ${load(machine.loadAfter)} at the end: other work shared the cores, so wall times carry that noise; the import's CPU seconds do not.`,
		'',
		`Each backend starts empty: migrations, the real gazetteer (${first.municipalities.toLocaleString('en')} municipalities), the taxonomy and the built-in indicators. The import is a long CSV (\`territory;period;value\`, our identifiers, decimal comma) of **${first.rows.toLocaleString('en')} observations** (every municipality × ${FIRST_YEAR}–${LAST_YEAR}, an annual indicator; ${((first.imported.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB, under the 64 MB upload limit), run as the app runs it — \`uploadDataset\`, \`previewImport\` with the mapping, \`runImport\` awaited — in a child process whose resident memory is sampled every 50 ms and read from the kernel's high-water mark; with PGlite the database runs inside that process, so its memory counts. Queries are service calls in one process after the import (${WARMUP} warm-up calls, then ${RUNS} measured): the ranking rotates through the ${LAST_YEAR - FIRST_YEAR + 1} years, each series call draws five other municipalities, and the derived indicator is \`per_thousand\` of the imported one over POPULATION for ${first.populationYear}, the gazetteer's year with most populations (${first.populationCount.toLocaleString('en')} municipalities).`,
		''
	];
	for (const result of results) {
		const im = result.imported;
		const total = (im.upload?.seconds ?? NaN) + (im.preview?.seconds ?? NaN) + (im.commit?.seconds ?? NaN);
		const stepRow = (label: string, step: ImportStep | undefined) =>
			`| import: ${label} | ${s(step?.seconds)} s (Node CPU ${s(step?.cpuSeconds)} s); peak ${step?.peak.rssMiB.toFixed(0) ?? '?'} MiB resident, heap ${step?.peak.heapUsedMiB.toFixed(0) ?? '?'} of ${step?.peak.heapTotalMiB.toFixed(0) ?? '?'} MiB, buffers ${step?.peak.externalMiB.toFixed(0) ?? '?'} MiB | — |`;
		lines.push(
			`### ${result.backend}`,
			'',
			`Setup (migrate, gazetteer, taxonomy, built-in indicators): ${result.setupSeconds.toFixed(1)} s. After the import, as the queries found it: ${result.table.reltuples > 0 ? `planner statistics for ${Math.round(result.table.reltuples).toLocaleString('en')} observations` : 'no planner statistics'}, ${result.table.relpages ? Math.round((100 * result.table.relallvisible) / result.table.relpages) : 0}% of the table's pages marked all-visible (index-only scans skip those pages).${result.importError ? ` **The import failed:** ${result.importError.slice(0, 400)}` : ''}`,
			'',
			'| measure | figure | aim |',
			'|---|---|---|',
			stepRow('upload (read, decode, detect, gzip and store the file)', im.upload),
			stepRow('preview (read and check every row with the mapping)', im.preview),
			stepRow('commit (`runImport` awaited: read again, stage, merge in one transaction, then its vacuum and analyze of a large import)', im.commit),
			`| import: upload + preview + commit, ${(im.observations ?? 0).toLocaleString('en')} observations (${im.report ? `${im.report.added.toLocaleString('en')} added` : (im.status ?? 'no report')}) | **${s(total)} s** | under 60 s: ${verdict(total < 60 && !result.importError)} |`,
			`| import: peak resident memory of the process (${im.startRssMiB?.toFixed(0) ?? '?'} MiB with the modules loaded, ${im.openedRssMiB?.toFixed(0) ?? '?'} MiB with the database open; sampled peak ${im.sampledPeakMiB?.toFixed(0) ?? '?'} MiB) | **${im.peakMiB?.toFixed(0) ?? '?'} MiB** (${(((im.peakMiB ?? 0) * 2 ** 20) / 1e6).toFixed(0)} MB) | under 300 MB: ${verdict((im.peakMiB ?? Infinity) * 2 ** 20 < 300e6)} |`,
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
	if (BACKENDS.includes('postgres') && !existsSync('build/index.js')) spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
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
