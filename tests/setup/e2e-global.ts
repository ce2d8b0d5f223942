// Runs once before the browser journeys: builds the app when needed, creates an administrator in a fresh data
// directory through the same command an operator uses, starts the built server and stops it afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		adminEmail: string;
		adminPassword: string;
	}
}

const ADMIN_EMAIL = 'admin@e2e.test';
const ADMIN_PASSWORD = 'E2e-admin-password-1';

function newestMtime(dir: string): number {
	let newest = 0;
	for (const item of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, item.name);
		if (item.isDirectory()) {
			if (item.name !== 'paraglide') newest = Math.max(newest, newestMtime(full));
		} else newest = Math.max(newest, statSync(full).mtimeMs);
	}
	return newest;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

export default async function setup(project: TestProject) {
	const entry = path.resolve('build/index.js');
	const sourcesChanged = Math.max(newestMtime('src'), newestMtime('messages'));
	if (!existsSync(entry) || statSync(entry).mtimeMs < sourcesChanged) {
		// Without VITEST in its environment, so the build runs the same plugins as `npm run build`.
		const buildEnv = { ...process.env };
		delete buildEnv.VITEST;
		const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: buildEnv });
		if (build.status !== 0) throw new Error('vite build failed');
	}
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-e2e-'));
	const port = await freePort();
	const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), ORIGIN: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn', DATABASE_URL: '', SMTP_URL: '' };
	const admin = spawnSync(
		process.execPath,
		['node_modules/tsx/dist/cli.mjs', 'scripts/admin-create.ts', '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD, '--name', 'E2E Admin'],
		{ env, stdio: 'inherit' }
	);
	if (admin.status !== 0) throw new Error('admin:create failed');

	const server = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
	const baseURL = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
		try {
			if ((await fetch(`${baseURL}/readyz`)).ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error('server not ready after 120 s');
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	project.provide('baseURL', baseURL);
	project.provide('adminEmail', ADMIN_EMAIL);
	project.provide('adminPassword', ADMIN_PASSWORD);

	return async () => {
		const exited = new Promise((resolve) => server.once('exit', resolve));
		server.kill('SIGTERM');
		const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
		rmSync(dataDir, { recursive: true, force: true });
	};
}
