// The built app as the benchmarks start it: as `npm start` runs it (the same Node flags and body limit), on a port,
// against a database, quiet, stopped cleanly.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { isBuildStale } from '../scripts/build-freshness.js';
import { serverEnvironment, serverFlags } from '../scripts/server-flags.js';

/**
 * The Node flags `npm start` gives the server for this database (scripts/server-flags.js), so benchmarks measure the
 * same process; BENCH_NODE_FLAGS replaces them, to compare settings.
 */
export function startFlags(databaseUrl = process.env.DATABASE_URL): string[] {
	if (process.env.BENCH_NODE_FLAGS !== undefined) return process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
	return serverFlags({ DATABASE_URL: databaseUrl });
}

/** The environment `npm start` adds for the server process (malloc's settings), for children started with startFlags. */
export const startEnvironment: Record<string, string> = serverEnvironment;

/**
 * The environment the benchmarks give the app and its scripts: `npm start`'s additions, a port and origin, quiet logs,
 * and the database (PostgreSQL at `databaseUrl`, or PGlite in `dataDir` when `databaseUrl` is empty).
 */
export function benchEnvironment(port: number, databaseUrl: string, options: { dataDir?: string; env?: Record<string, string> } = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...serverEnvironment, PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', BODY_SIZE_LIMIT: '70M', AUTH_SECRET: 'bench-secret-bench-secret-bench-secret', ...options.env };
	delete env.DATABASE_URL;
	delete env.DATA_DIR;
	if (databaseUrl) env.DATABASE_URL = databaseUrl;
	if (options.dataDir) env.DATA_DIR = options.dataDir;
	return env;
}

/** Starts build/index.js on a port against a PostgreSQL database, or PGlite in `dataDir` when `databaseUrl` is empty. */
export function startServer(port: number, databaseUrl: string, options: { dataDir?: string; env?: Record<string, string> } = {}): ChildProcess {
	return spawn(process.execPath, [...startFlags(databaseUrl), 'build/index.js'], { env: benchEnvironment(port, databaseUrl, options), stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Builds the app when build/ is missing or older than the sources, as `npm start` does (scripts/start.js), so a
 * benchmark never measures yesterday's code.
 */
export function ensureBuild(): void {
	if (!isBuildStale('build/index.js')) return;
	console.log('[bench] building the app…');
	const built = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (built.status !== 0) throw new Error('vite build failed');
}

/** Waits until /readyz answers 200 (migrations done, database reachable). */
export async function waitReady(port: number, timeoutMs = 180_000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		try {
			if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
		} catch {
			/* not listening yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`server on ${port} not ready after ${timeoutMs} ms`);
}

/** Stops a server with SIGTERM and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}
