// `npm run bench`: start-up times, throughput and latency of search and the municipality page (PGlite and PostgreSQL),
// against a bare node:http server returning the same bytes, and page weight. Writes docs/benchmarks.md.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import pg from 'pg';
import { startEnvironment, startFlags } from './server';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const searchPaths = ['sao paulo', 'Bogota', 'cordoba', 'san jose', 'guadalupe', 'medelin', 'santa maria', '3550308', 'villa', 'puerto'].map(
	(q) => `/api/v1/municipalities?q=${encodeURIComponent(q)}&pageSize=20`
);
const pagePath = '/territorios/municipios/BR-3550308';

// Real names with one letter dropped, and real municipality pages: every request different, so none is cached.
const referenceRows = readdirSync('reference-data/territories')
	.filter((file) => /^[a-z]{2}\.csv$/.test(file))
	.flatMap((file) => readFileSync(path.join('reference-data/territories', file), 'utf8').split('\n').slice(1))
	.filter(Boolean)
	.map((line) => line.split(','));
const distinctSearchPaths = referenceRows
	.filter((_, index) => index % 2 === 0)
	.map(([, , name]) => name.replace(/"/g, ''))
	.map((name, index) => name.slice(0, 1 + (index % Math.max(1, name.length - 1))) + name.slice(2 + (index % Math.max(1, name.length - 1))))
	.map((q) => `/api/v1/municipalities?q=${encodeURIComponent(q)}`);
// Colombia's áreas no municipalizadas are in the file but not loaded (docs/data.md).
const excludedCodes = new Set(
	readFileSync('reference-data/territories/co_non_municipal_units.csv', 'utf8').split('\n').slice(1).map((line) => `CO-${line.split(',')[0]}`)
);
const distinctPagePaths = referenceRows
	.filter((_, index) => index % 2 === 1)
	.map(([country, code]) => `${country}-${code}`)
	.filter((id) => !excludedCodes.has(id))
	.map((id) => `/territorios/municipios/${id}`);

function withCounter(path: string, counter: number): string {
	return `${path}${path.includes('?') ? '&' : '?'}n=${counter}`;
}

interface Figures {
	rps: number;
	p50: number;
	p99: number;
	errors: number;
}

async function measure(url: string, paths: string[], options: { unique?: boolean } = {}): Promise<Figures> {
	let next = 0;
	const result = await autocannon({
		url,
		connections: CONNECTIONS,
		duration: DURATION,
		// Unique runs add a counter parameter the app ignores, so no request is ever answered from the cache.
		requests: options.unique
			? [{ method: 'GET', setupRequest: (request) => ({ ...request, path: withCounter(paths[next % paths.length], next++) }) }]
			: paths.map((p) => ({ method: 'GET', path: p }))
	});
	return {
		rps: Math.round(result.requests.average),
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.non2xx
	};
}

async function waitReady(port: number, timeoutMs: number): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			const response = await fetch(`http://127.0.0.1:${port}/readyz`);
			if (response.ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`server on ${port} not ready after ${timeoutMs} ms`);
}

function startServer(port: number, env: Record<string, string>): ChildProcess {
	return spawn(process.execPath, [...startFlags(env.DATABASE_URL ?? ''), 'build/index.js'], {
		env: { ...process.env, ...startEnvironment, PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'ignore', 'inherit']
	});
}

async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}

async function timedStart(port: number, env: Record<string, string>): Promise<{ seconds: number; child: ChildProcess }> {
	const started = performance.now();
	const child = startServer(port, env);
	await waitReady(port, 180_000);
	return { seconds: (performance.now() - started) / 1000, child };
}

/** A bare node:http server answering every path with the bytes the app returned for it. */
async function bareServer(port: number, sources: string[], appUrl: string) {
	const bodies = new Map<string, { body: Buffer; type: string }>();
	for (const p of sources) {
		const response = await fetch(appUrl + p);
		bodies.set(p, { body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') ?? 'text/plain' });
	}
	const server = createServer((req, res) => {
		const hit = bodies.get(req.url ?? '') ?? { body: Buffer.from('not found'), type: 'text/plain' };
		res.writeHead(200, { 'content-type': hit.type, 'content-length': hit.body.length });
		res.end(hit.body);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return server;
}

async function pageWeight(base: string) {
	const pageUrl = base + pagePath;
	const html = await (await fetch(pageUrl)).text();
	// Every stylesheet and script the page names (links, modulepreloads and the inline bootstrap's imports).
	const assets = [...html.matchAll(/["']((?:\.\.?\/|\/)[^"']*_app\/immutable\/[^"']+\.(?:js|css))["']/g)].map((match) => new URL(match[1], pageUrl).pathname);
	let js = 0;
	let css = 0;
	// Follow the scripts' static and dynamic imports: everything the browser would fetch for this page.
	const queue = [...new Set(assets)];
	const seen = new Set(queue);
	while (queue.length) {
		const asset = queue.shift()!;
		const body = Buffer.from(await (await fetch(base + asset)).arrayBuffer());
		const size = gzipSync(body).length;
		if (asset.endsWith('.css')) css += size;
		else {
			js += size;
			for (const match of body.toString('utf8').matchAll(/["'](\.\.?\/[^"']+\.(?:js|css))["']/g)) {
				const next = new URL(match[1], base + asset).pathname;
				if (!seen.has(next)) {
					seen.add(next);
					queue.push(next);
				}
			}
		}
	}
	return { html: gzipSync(html).length, css, js, assets: seen.size };
}

async function runOn(label: string, env: Record<string, string>, port: number) {
	console.log(`\n[${label}] first start…`);
	const first = await timedStart(port, env);
	await stopServer(first.child);
	console.log(`[${label}] later start…`);
	const later = await timedStart(port, env);
	const base = `http://127.0.0.1:${port}`;
	console.log(`[${label}] search under ${CONNECTIONS} connections for ${DURATION} s…`);
	const search = await measure(base, searchPaths);
	console.log(`[${label}] municipality page…`);
	const page = await measure(base, [pagePath]);
	console.log(`[${label}] distinct searches and pages (past the response cache)…`);
	const distinctSearch = await measure(base, distinctSearchPaths, { unique: true });
	const distinctPage = await measure(base, distinctPagePaths, { unique: true });
	const weight = await pageWeight(base);
	const bare = await bareServer(port + 1, [...searchPaths, pagePath], base);
	await stopServer(later.child);
	console.log(`[${label}] bare node:http with the same bytes…`);
	const bareSearch = await measure(`http://127.0.0.1:${port + 1}`, searchPaths);
	const barePage = await measure(`http://127.0.0.1:${port + 1}`, [pagePath]);
	bare.close();
	return { label, firstStart: first.seconds, laterStart: later.seconds, search, page, distinctSearch, distinctPage, bareSearch, barePage, weight };
}

const row = (name: string, app: Figures, bare: Figures) =>
	`| ${name} | ${app.rps} | ${app.p50} | ${app.p99} | ${app.errors} | ${bare.rps} | ${(app.rps / bare.rps).toFixed(2)} |`;

async function main() {
	if (!existsSync('build/index.js') || process.env.BENCH_BUILD === '1') {
		const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
		if (built.status !== 0) process.exit(1);
	}
	const results = [];
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-bench-'));
	try {
		results.push(await runOn('PGlite (embedded)', { DATA_DIR: dataDir }, 4301));
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
	const dbName = `cabildo_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
	let pgAvailable = true;
	try {
		await admin.connect();
		await admin.query(`create database ${dbName}`);
	} catch (error) {
		pgAvailable = false;
		console.log(`PostgreSQL not available at ${PG_ADMIN_URL}: ${(error as Error).message}`);
	}
	if (pgAvailable) {
		try {
			const url = new URL(PG_ADMIN_URL);
			url.pathname = `/${dbName}`;
			results.push(await runOn('PostgreSQL 15 (server)', { DATABASE_URL: url.toString(), AUTH_SECRET: 'bench-secret-bench-secret-bench-secret' }, 4311));
		} finally {
			await admin.query(`drop database if exists ${dbName} with (force)`);
		}
	}
	await admin.end().catch(() => undefined);

	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	const lines = [
		'# Benchmarks',
		'',
		`Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
		`Load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per row, from the same machine (so the load generator shares the 2 cores with the server).`,
		'Public answers are kept for 60 s in an in-process response cache (see docs/decisions/0006), so two kinds of rows: the same 10 queries (accented, misspelt, partial, a code) and one page again and again, as when many people look up the same places; and thousands of distinct requests, each rendered. "Bare" is a node:http server answering with the same bytes, the ceiling for this machine.',
		'Latencies in milliseconds.',
		''
	];
	for (const result of results) {
		lines.push(
			`## ${result.label}`,
			'',
			`- First start (create database, migrate, load ${'all'} municipalities): **${result.firstStart.toFixed(1)} s** (aim: under 60 s).`,
			`- Later start: **${result.laterStart.toFixed(1)} s** (aim: under 5 s).`,
			`- Municipality page weight (gzip): HTML ${(result.weight.html / 1024).toFixed(1)} kB + CSS ${(result.weight.css / 1024).toFixed(1)} kB + JS ${(result.weight.js / 1024).toFixed(1)} kB = **${((result.weight.html + result.weight.css + result.weight.js) / 1024).toFixed(1)} kB** in ${result.weight.assets} assets (aim: under 60 kB).`,
			'',
			'| request | req/s | p50 | p99 | errors | bare req/s | app/bare |',
			'|---|---|---|---|---|---|---|',
			row('search API (10 queries, answered from the response cache)', result.search, result.bareSearch),
			row('municipality page (SSR, cached)', result.page, result.barePage),
			row(`search API, every request different (${distinctSearchPaths.length} misspelt names; no cache hits)`, result.distinctSearch, result.bareSearch),
			row(`municipality page, every request different (${distinctPagePaths.length} municipalities; rendered)`, result.distinctPage, result.barePage),
			''
		);
	}
	const postgres = results.find((result) => result.label.startsWith('PostgreSQL'));
	const verdict = (met: boolean) => (met ? 'met' : 'not met');
	lines.push(
		'## Against the aims',
		'',
		...(postgres
			? [
					`- Search p99 under 50 ms on PostgreSQL: ${verdict(postgres.search.p99 < 50)} for repeated queries (${postgres.search.p99} ms), ${verdict(postgres.distinctSearch.p99 < 50)} when every query is new (${postgres.distinctSearch.p99} ms).`,
					`- SSR page at least half the bare server's throughput: ${verdict(postgres.page.rps / postgres.barePage.rps >= 0.5)} (${(postgres.page.rps / postgres.barePage.rps).toFixed(2)} from the cache, ${(postgres.distinctPage.rps / postgres.barePage.rps).toFixed(2)} rendering every time). Rendering costs about 1 ms of CPU per page in SvelteKit here; the bare server does nothing but write bytes.`
				]
			: []),
		...results.map(
			(result) =>
				`- ${result.label}: first start ${verdict(result.firstStart < 60)}, later start ${verdict(result.laterStart < 5)}, page weight ${verdict(result.weight.html + result.weight.css + result.weight.js < 60 * 1024)}.`
		),
		''
	);
	writeFileSync('docs/benchmarks.md', lines.join('\n') + '\n');
	console.log(lines.join('\n'));
}

await main();
