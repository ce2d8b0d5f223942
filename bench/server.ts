// The built app as the benchmarks start it: on a port, against a database, quiet, stopped cleanly.
import { spawn, type ChildProcess } from 'node:child_process';

/** Starts build/index.js on a port against a PostgreSQL database. */
export function startServer(port: number, databaseUrl: string): ChildProcess {
	return spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, AUTH_SECRET: 'bench-secret-bench-secret-bench-secret' },
		stdio: ['ignore', 'ignore', 'inherit']
	});
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
