// `npm run bench` (fifth part), or `npm run bench:newcomer` alone: the site as a newcomer has it (issue 12 §5). On each
// database from empty: the built app's first start (migrations, gazetteer, built-in statistics), then
// `npm run data:demo` with the server stopped (PGlite allows one process), nothing imported, and the server started
// again. Then, at 20 connections: every built-in indicator's page at every level it has, and a mixed load over 144
// public pages (every public module, three languages, half of the requests first visits). For every row the server's
// own event-loop delay (monitorEventLoopDelay, read from /metrics), and its resident memory after start, after the
// demo data and after the mixed load. Replaces the backend's part of the "Newcomer state" section of
// docs/benchmarks.md. BENCH_NEWCOMER_BACKENDS=pglite (or postgres) runs one database, keeping the other's figures.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchEnvironment, ensureBuild, startFlags, startServer, stopServer, waitReady } from './server';

const CONNECTIONS = 20;
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const MIXED_DURATION = Number(process.env.BENCH_NEWCOMER_MIXED_SECONDS ?? 60);
const BACKENDS = (process.env.BENCH_NEWCOMER_BACKENDS ?? 'pglite,postgres').split(',');
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = 4351;
const BASE = `http://127.0.0.1:${PORT}`;
const BUILT_IN = ['POPULATION', 'MUNICIPALITIES', 'INHABITANTS_PER_MUNICIPALITY'];
const LEVELS = ['country', 'admin1', 'municipality'];
const LANGUAGE_PREFIXES = ['', '/pt', '/en'];
// A browser asks for gzip, and the app compresses what it sends: the load pays for that as a visitor's would.
const HEADERS = { 'accept-encoding': 'gzip' };
const SECTION = 'Newcomer state (issue 12 §5)';
const BACKEND_LABELS = { pglite: 'PGlite (embedded)', postgres: 'PostgreSQL 15 (server)' } as const;
type Backend = keyof typeof BACKEND_LABELS;

interface ServerReading {
	loopMaxMs: number;
	loopP99Ms: number;
	rssMiB: number;
}

interface Row {
	label: string;
	connections: number;
	firstViewMs?: number;
	rps: number;
	p50: number;
	p99: number;
	errors: number;
	requests: number;
	loop: ServerReading;
}

interface Result {
	backend: Backend;
	firstStartSeconds: number;
	demoSeconds: number;
	laterStartSeconds: number;
	rssAfterStart: number;
	rssAfterDemo: number;
	rssAfterMixed: number;
	rssDuringMixed: number[];
	peakRssMiB: number;
	indicatorRows: Row[];
	mixed: Row;
	mixedPages: number;
	failedPages: string[];
	loadBefore: number[];
	loadAfter: number[];
}

/**
 * Reads the server's own figures from /metrics: prom-client's default metrics keep a monitorEventLoopDelay histogram
 * (10 ms resolution) and reset it on every scrape, so the max and p99 read after a row are those of that row alone,
 * when a scrape was made just before it.
 */
async function readServer(): Promise<ServerReading> {
	// Once, a kept-alive connection the server had just closed reset the scrape: a second try opens a new one.
	const text = await fetch(`${BASE}/metrics`)
		.catch(() => fetch(`${BASE}/metrics`))
		.then((response) => response.text());
	const value = (name: string) => {
		const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
		if (!match) throw new Error(`/metrics has no ${name} (is METRICS_ALLOW open to the bench?)`);
		return Number(match[1]);
	};
	return { loopMaxMs: value('nodejs_eventloop_lag_max_seconds') * 1000, loopP99Ms: value('nodejs_eventloop_lag_p99_seconds') * 1000, rssMiB: value('process_resident_memory_bytes') / 2 ** 20 };
}

/** The kernel's high-water mark of the server's resident memory since it started (VmHWM), in MiB. */
function readPeakRss(pid: number | undefined): number {
	const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

/** The server's resident memory now (VmRSS), in MiB. */
function readRss(pid: number | undefined): number {
	const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) / 1024 : NaN;
}

/** Adds a parameter no page reads, so the request misses the response cache and is rendered: a first visit. */
function withFirstVisit(pagePath: string, counter: number): string {
	return `${pagePath}${pagePath.includes('?') ? '&' : '?'}first=${counter}`;
}

/**
 * Loads the server with `connections` for `seconds`; `pick(n)` gives the n-th request's path. The server's event-loop
 * readings are reset by a scrape before and read by one after.
 */
async function measureRow(label: string, connections: number, seconds: number, pick: (n: number) => string): Promise<Row> {
	let counter = 0;
	await readServer();
	const result = await autocannon({
		url: BASE,
		connections,
		duration: seconds,
		// Pages that queue for seconds are measured, not cut off at autocannon's default 10 s and counted as errors.
		timeout: 60,
		headers: HEADERS,
		requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: pick(counter++) }) }]
	});
	const loop = await readServer();
	return { label, connections, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, requests: result.requests.total, loop };
}

/** Times one request from a fresh connection, as a visitor's first view of the page. */
async function timeFirstView(pagePath: string): Promise<{ ms: number; status: number }> {
	const started = performance.now();
	const response = await fetch(BASE + pagePath, { headers: HEADERS, redirect: 'manual' });
	await response.arrayBuffer();
	return { ms: performance.now() - started, status: response.status };
}

/** The links a page lists under `prefix` (e.g. the experiences of the catalogue), first `count`, without the route's own words. */
async function listLinks(pagePath: string, prefix: string, count: number, skip: RegExp = /^$/): Promise<string[]> {
	const html = await (await fetch(BASE + pagePath)).text();
	const escaped = prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const found = [...html.matchAll(new RegExp(`href="(${escaped}[^"/?#]+)"`, 'g'))].map((match) => match[1]).filter((link) => !skip.test(link.slice(prefix.length)));
	return [...new Set(found)].slice(0, count);
}

/** Municipalities spread over the gazetteer's files (every country file, a few rows each), deterministic. */
function pickMunicipalities(count: number): string[] {
	const files = readdirSync('reference-data/territories').filter((file) => /^[a-z]{2}\.csv$/.test(file));
	const ids: string[] = [];
	for (const file of ['br.csv', 'mx.csv', 'co.csv', 'pe.csv', 'ar.csv', 'cl.csv', 'bo.csv'].filter((name) => files.includes(name))) {
		const rows = readFileSync(path.join('reference-data/territories', file), 'utf8').split('\n').slice(1).filter(Boolean);
		const [country, code] = rows[Math.floor(rows.length / 3)].split(',');
		ids.push(`/territorios/municipios/${country}-${code}`);
	}
	return ids.slice(0, count);
}

/** The levels an indicator is published at, read from the public API. */
async function readLevels(code: string): Promise<string[]> {
	const body = (await (await fetch(`${BASE}/api/v1/indicators/${code}`)).json()) as { levels?: string[] };
	const levels = LEVELS.filter((level) => body.levels?.includes(level));
	if (!levels.length) throw new Error(`/api/v1/indicators/${code} names no level`);
	return levels;
}

/** 48 public pages of every module (one language), from the demonstration data the running server shows. */
async function listPublicPages(indicatorPages: string[]): Promise<string[]> {
	const experiences = await listLinks('/experiencias', '/experiencias/', 8, /^(nueva|seguimiento|feed\.atom|export\.(csv|json))$/);
	const institutions = await listLinks('/directorio?type=institution', '/directorio/instituciones/', 4, /^nueva$/);
	const calls = await listLinks('/directorio?type=funding_call', '/directorio/convocatorias/', 4, /^(nueva|calendario\.ics)$/);
	const services = await listLinks('/directorio?type=service', '/directorio/servicios/', 2, /^nuevo$/);
	const experts = await listLinks('/directorio?type=expert', '/directorio/expertos/', 2, /^nuevo$/);
	return [
		'/',
		'/territorios',
		...['BR', 'MX', 'CO', 'PE'].map((country) => `/territorios/${country}`),
		'/territorios/municipios?q=san',
		...pickMunicipalities(7),
		'/experiencias',
		'/experiencias?q=agua',
		...experiences,
		'/directorio',
		'/directorio?type=funding_call',
		'/directorio?type=expert',
		...institutions,
		...calls,
		...services,
		...experts,
		'/estadisticas',
		...indicatorPages,
		'/acerca-de-los-datos'
	];
}

/** A fresh, empty database: a PGlite directory, or a new PostgreSQL database. Returns its address and how to drop it. */
async function createDatabase(backend: Backend): Promise<{ databaseUrl: string; dataDir?: string; drop: () => Promise<void> }> {
	if (backend === 'pglite') {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-bench-newcomer-'));
		return { databaseUrl: '', dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
	}
	const name = `cabildo_bench_newcomer_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	const url = new URL(PG_ADMIN_URL);
	url.pathname = `/${name}`;
	return {
		databaseUrl: url.toString(),
		drop: async () => {
			if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${name}`);
			else await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

async function startTimed(databaseUrl: string, dataDir: string | undefined) {
	const started = performance.now();
	// /metrics answers loopback by default; said here so the bench does not depend on that default.
	const server = startServer(PORT, databaseUrl, { dataDir, env: { METRICS_ALLOW: '127.0.0.1,::1' } });
	await waitReady(PORT);
	return { server, seconds: (performance.now() - started) / 1000 };
}

async function runBackend(backend: Backend): Promise<Result> {
	const label = BACKEND_LABELS[backend];
	const loadBefore = os.loadavg();
	const database = await createDatabase(backend);
	try {
		console.log(`[newcomer] ${label}: first start (migrations, gazetteer, built-in statistics)…`);
		const first = await startTimed(database.databaseUrl, database.dataDir);
		// Let the start's own work (the job queue's first rounds) settle before reading memory.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const rssAfterStart = (await readServer()).rssMiB;
		await stopServer(first.server);

		console.log(`[newcomer] ${label}: npm run data:demo…`);
		const started = performance.now();
		const demo = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/data-demo.ts'], { env: benchEnvironment(PORT, database.databaseUrl, { dataDir: database.dataDir }), stdio: ['ignore', 'inherit', 'inherit'] });
		if (demo.status !== 0) throw new Error(`data:demo exited with ${demo.status}`);
		const demoSeconds = (performance.now() - started) / 1000;

		console.log(`[newcomer] ${label}: start with the demonstration data…`);
		const later = await startTimed(database.databaseUrl, database.dataDir);
		const server = later.server;
		try {
			await new Promise((resolve) => setTimeout(resolve, 2000));
			const rssAfterDemo = (await readServer()).rssMiB;

			const indicatorPages: string[] = [];
			for (const code of BUILT_IN) for (const level of await readLevels(code)) indicatorPages.push(`/estadisticas/indicadores/${code}?level=${level}`);
			const indicatorRows: Row[] = [];
			for (const page of indicatorPages) {
				// The indicator page sets no public cache header: every request is rendered. The parameter makes sure.
				const first = await timeFirstView(withFirstVisit(page, 0));
				console.log(`[newcomer] ${label}: ${page} (first view ${first.ms.toFixed(0)} ms, status ${first.status})…`);
				// One visitor at a time shows what a page costs the server; 20 at once, how they queue for the one thread.
				let counter = 1;
				for (const connections of [1, CONNECTIONS]) {
					const row = await measureRow(page, connections, DURATION, () => withFirstVisit(page, counter++));
					indicatorRows.push({ ...row, firstViewMs: connections === 1 ? first.ms : undefined });
					console.log(row);
				}
			}

			const spanishPages = [...new Set(await listPublicPages(indicatorPages))];
			const pages = LANGUAGE_PREFIXES.flatMap((prefix) => spanishPages.map((page) => `${prefix}${page === '/' && prefix ? '' : page}`));
			const failedPages: string[] = [];
			for (const page of pages) {
				const { status } = await timeFirstView(page);
				if (status !== 200) failedPages.push(`${page} (${status})`);
			}
			console.log(`[newcomer] ${label}: mixed load over ${pages.length} pages for ${MIXED_DURATION} s${failedPages.length ? `; not 200: ${failedPages.join(', ')}` : ''}…`);
			// Every page in turn; every other request a first visit (rendered), the rest repeat visits, which the
			// response cache answers for the pages that allow it (the statistics pages are rendered every time).
			// Resident memory once a second through the load (issue 12 §7: what grows, and whether it stops growing).
			const rssDuringMixed: number[] = [];
			const sampler = setInterval(() => rssDuringMixed.push(readRss(server.pid)), 1000);
			const mixed = await measureRow('mixed', CONNECTIONS, MIXED_DURATION, (n) => {
				const page = pages[Math.floor(n / 2) % pages.length];
				return n % 2 ? withFirstVisit(page, n) : page;
			}).finally(() => clearInterval(sampler));
			console.log(mixed);
			const rssAfterMixed = mixed.loop.rssMiB;
			const peakRssMiB = readPeakRss(server.pid);
			return {
				backend,
				firstStartSeconds: first.seconds,
				demoSeconds,
				laterStartSeconds: later.seconds,
				rssAfterStart,
				rssAfterDemo,
				rssAfterMixed,
				rssDuringMixed,
				peakRssMiB,
				indicatorRows,
				mixed,
				mixedPages: pages.length,
				failedPages,
				loadBefore,
				loadAfter: os.loadavg()
			};
		} finally {
			await stopServer(server);
		}
	} finally {
		await database.drop();
	}
}

const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const mb = (mib: number) => `${mib.toFixed(0)} MiB (${((mib * 2 ** 20) / 1e6).toFixed(0)} MB)`;
const loadText = (values: number[]) => values.map((value) => value.toFixed(1)).join(' / ');

/** The backend's subsection of the section: its rows, its memory, and the issue's figures beside the new ones. */
function describeBackend(result: Result): string[] {
	const label = BACKEND_LABELS[result.backend];
	const loaded = result.indicatorRows.filter((row) => row.connections === CONNECTIONS);
	const slowest = loaded.reduce((worst, row) => (row.p99 > worst.p99 ? row : worst));
	const loopWorst = [...result.indicatorRows, result.mixed].reduce((worst, row) => (row.loop.loopMaxMs > worst.loop.loopMaxMs ? row : worst));
	const embedded = result.backend === 'pglite';
	const old = (text: string) => (embedded ? text : 'not measured in the issue (its figures are the embedded database’s)');
	const cell = (row: Row) => `${row.rps} | ${row.p50} | ${row.p99} | ${row.errors} | ${row.loop.loopMaxMs.toFixed(0)} / ${row.loop.loopP99Ms.toFixed(0)}`;
	return [
		`### ${label}`,
		'',
		`Measured on ${new Date().toISOString().slice(0, 10)}; load average (1 / 5 / 15 min) ${loadText(result.loadBefore)} at the start, ${loadText(result.loadAfter)} at the end. First start (empty database: migrations, gazetteer, built-in statistics, ANALYZE) **${result.firstStartSeconds.toFixed(1)} s**; \`npm run data:demo\` ${result.demoSeconds.toFixed(1)} s; start with the demonstration data ${result.laterStartSeconds.toFixed(1)} s.`,
		'',
		'| request (every one rendered) | connections | first view ms | req/s | p50 ms | p99 ms | errors | event-loop delay max / p99 ms | p99 under 200 ms |',
		'|---|---|---|---|---|---|---|---|---|',
		...result.indicatorRows.map((row) => `| \`${row.label}\`, ${DURATION} s (${row.requests} requests) | ${row.connections} | ${row.firstViewMs === undefined ? '' : row.firstViewMs.toFixed(0)} | ${cell(row)} | ${verdict(row.p99 < 200 && row.errors === 0)} |`),
		`| mixed load: ${result.mixedPages} public pages, every other request a first visit, ${MIXED_DURATION} s (${result.mixed.requests.toLocaleString('en')} requests) | ${CONNECTIONS} | — | ${cell(result.mixed)} | — |`,
		'',
		...(result.failedPages.length ? [`Pages of the mixed load that did not answer 200 when checked before it: ${result.failedPages.join(', ')}.`, ''] : []),
		`Resident memory of the server process (\`process_resident_memory_bytes\`): ${mb(result.rssAfterStart)} after the first start, ${mb(result.rssAfterDemo)} after the restart with the demonstration data, **${mb(result.rssAfterMixed)} after the indicator rows and the ${MIXED_DURATION} s mixed load**; the kernel's high-water mark of that process (VmHWM, start included) ${mb(result.peakRssMiB)}.`,
		'',
		`Resident memory through the mixed load (VmRSS, sampled once a second): ${describeRssCourse(result.rssDuringMixed)}.`,
		'',
		'| measure | issue 12 (before) | now | aim |',
		'|---|---|---|---|',
		`| slowest built-in indicator page | ${old('17–33 s of CPU for a POPULATION page (no planner statistics)')} | p99 ${slowest.p99} ms at ${CONNECTIONS} connections (\`${slowest.label}\`) | every page p99 under 200 ms at ${CONNECTIONS} connections: ${verdict(loaded.every((row) => row.p99 < 200 && row.errors === 0))}; one visitor at a time: ${verdict(result.indicatorRows.filter((row) => row.connections === 1).every((row) => row.p99 < 200 && row.errors === 0))} |`,
		`| longest event-loop delay during any row | — | ${loopWorst.loop.loopMaxMs.toFixed(0)} ms (${loopWorst.label === 'mixed' ? 'mixed load' : `\`${loopWorst.label}\``}) | under 100 ms: ${verdict(loopWorst.loop.loopMaxMs < 100)} |`,
		`| mixed load, ${CONNECTIONS} connections | ${old('53 first-visit pages/s, p50 300 ms, p99 1.35 s')} | ${result.mixed.rps} pages/s (half first visits), p50 ${result.mixed.p50} ms, p99 ${result.mixed.p99} ms, ${result.mixed.errors} errors | — |`,
		`| resident memory after start | ${old('348 MB')} | ${mb(result.rssAfterStart)} | — |`,
		`| resident memory after a long mixed load | ${old('672 MB after a 150-page crawl')} | ${mb(result.rssAfterMixed)} | — |`,
		''
	];
}

/** RSS at each quarter of the load, and how much it grew in the second half (a bounded server stops growing). */
function describeRssCourse(samples: number[]): string {
	if (samples.length < 4) return 'not sampled';
	const at = (fraction: number) => samples[Math.min(samples.length - 1, Math.round(fraction * (samples.length - 1)))];
	const quarters = [0.25, 0.5, 0.75, 1].map((fraction) => `${Math.round(fraction * 100)} % ${at(fraction).toFixed(0)} MiB`).join(', ');
	return `${quarters}; growth over the second half ${(at(1) - at(0.5)).toFixed(0)} MiB, largest sample ${Math.max(...samples).toFixed(0)} MiB`;
}

function sectionIntro(): string[] {
	return [
		`## ${SECTION}`,
		'',
		`Measured by \`npm run bench:newcomer\` (bench/newcomer.ts; also the last part of \`npm run bench\`): ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, the database server (PostgreSQL) and autocannon on the same machine, so the load generator shares the cores with the app. Each database starts empty, as a newcomer's does: the built app started as \`npm start\` starts it (\`node ${startFlags('').join(' ')} build/index.js\` on PGlite, \`node ${startFlags('postgres://').join(' ')} build/index.js\` on PostgreSQL), its first start, then \`npm run data:demo\` with the server stopped, nothing imported, and the server started again.`,
		'',
		`Every built-in indicator's page at every level the indicator has, ${DURATION} s at 1 connection (one visitor at a time: what a page costs) and ${DURATION} s at ${CONNECTIONS} (how visitors queue for the server's one thread), autocannon's timeout raised to 60 s so slow answers are measured rather than cut off: the indicator page sends no public cache header, so the response cache never answers it and every request is rendered (the rows add an unused \`first=N\` parameter as well); "first view" is one request before the row, the first of that page since the start. The mixed load walks ${48 * 3} public pages (home, territories: countries and municipalities, the municipality search, the experience catalogue and ${8} experiences, the directory with its calls and experts, institutions, calls, services and experts' pages, the statistics list and the indicator pages, about the data; in Spanish, \`/pt\` and \`/en\`), every other request with an unused parameter (a first visit, rendered) and the others plain (repeat visits: answered from the response cache for 60 s where the route allows it, rendered on the statistics pages). Requests ask for gzip, as browsers do. The event-loop delay is the server's own \`monitorEventLoopDelay\` histogram (prom-client's default metrics, 10 ms resolution, so an idle loop reads about 10 ms), read from \`/metrics\` just before and after each row; a scrape resets it.`,
		''
	];
}

/** Replaces this backend's subsection of the section in docs/benchmarks.md, keeping the other database's. */
function writeSection(results: Result[]): string {
	const file = 'docs/benchmarks.md';
	const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const heading = `\n## ${SECTION}`;
	const start = existing.indexOf(heading);
	const end = start < 0 ? -1 : existing.indexOf('\n## ', start + heading.length);
	const current = start < 0 ? '' : existing.slice(start, end < 0 ? undefined : end);
	const subsections = new Map<string, string>();
	for (const backend of Object.keys(BACKEND_LABELS) as Backend[]) {
		const result = results.find((item) => item.backend === backend);
		if (result) subsections.set(backend, describeBackend(result).join('\n'));
		else {
			const match = new RegExp(`\\n### ${BACKEND_LABELS[backend].replace(/[()]/g, '\\$&')}\\n[\\s\\S]*?(?=\\n### |$)`).exec(current);
			if (match) subsections.set(backend, match[0].trim());
		}
	}
	// Subsections written by hand (the reading of the figures) stay after the measured ones.
	const labels = new Set(Object.values(BACKEND_LABELS));
	const written = [...current.matchAll(/\n### ([^\n]+)\n[\s\S]*?(?=\n### |$)/g)].filter((match) => !labels.has(match[1] as (typeof BACKEND_LABELS)[Backend])).map((match) => match[0].trim());
	const section = [...sectionIntro(), ...[...subsections.values(), ...written].flatMap((text) => [text, ''])].join('\n').trimEnd();
	const before = start < 0 ? existing.trimEnd() : existing.slice(0, start).trimEnd();
	const after = start < 0 || end < 0 ? '' : existing.slice(end);
	writeFileSync(file, `${before}\n\n${section}\n${after}`);
	return section;
}

async function main() {
	ensureBuild();
	const results: Result[] = [];
	for (const backend of Object.keys(BACKEND_LABELS) as Backend[]) if (BACKENDS.includes(backend)) results.push(await runBackend(backend));
	console.log(writeSection(results));
}

await main();
