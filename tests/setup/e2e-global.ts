// Runs once before the browser journeys: builds the app when the build is missing or older than its sources,
// creates an administrator in a fresh data directory with the command an operator uses, starts the built server
// on a free port, and stops it afterwards (SIGTERM, then SIGKILL after 10 s).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { isBuildStale } from '../../scripts/build-freshness.js';
import { startTestIdentityProvider } from '../helpers/oidc-server';

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		adminEmail: string;
		adminPassword: string;
		/** Session cookies of one administrator sign-in, shared by journeys that act as the administrator. */
		adminCookies: { name: string; value: string }[];
	}
}

const ADMIN_EMAIL = 'admin@e2e.test';
const ADMIN_PASSWORD = 'E2e-admin-password-1';
/** The first start migrates and loads the gazetteer (~17k municipalities). */
const READY_TIMEOUT_MS = 120_000;

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

async function stop(server: ChildProcess): Promise<void> {
	if (server.exitCode !== null || server.signalCode !== null) return;
	const exited = new Promise((resolve) => server.once('exit', resolve));
	server.kill('SIGTERM');
	const timer = setTimeout(() => {
		console.warn('e2e: the server did not stop within 10 s of SIGTERM; killing it');
		server.kill('SIGKILL');
	}, 10_000);
	await exited;
	clearTimeout(timer);
}

export default async function setup(project: TestProject) {
	const started = performance.now();
	const seconds = (since = started) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

	const entry = path.resolve('build/index.js');
	if (isBuildStale(entry)) {
		console.log(existsSync(entry) ? 'e2e: sources changed since the last build; rebuilding' : 'e2e: no build yet; building');
		// Without VITEST in its environment, so the build runs the same plugins as `npm run build`.
		// And in production mode: Vitest sets NODE_ENV=test, and a build made with it is a development build (`dev`
		// true: no SIGTERM handling, development-only checks), unlike what `npm run build` ships.
		const buildEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
		delete buildEnv.VITEST;
		const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env: buildEnv });
		if (build.status !== 0) throw new Error('e2e: vite build failed');
		console.log(`e2e: built in ${seconds()}`);
	}

	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-e2e-'));
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	// Embedded PGlite in the temporary DATA_DIR, never a configured server database; no mail leaves the machine.
	// A real OpenID Connect provider the app trusts for sign-in (tests/helpers/oidc-server.ts).
	const identity = await startTestIdentityProvider(baseURL, 'prueba');
	const oidcProviders = JSON.stringify([{ id: 'prueba', name: 'Identidad Digital de Prueba', issuer: identity.issuer, clientId: identity.clientId, clientSecret: identity.clientSecret }]);
	const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), ORIGIN: baseURL, LOG_LEVEL: 'warn', DATABASE_URL: '', SMTP_URL: '', BODY_SIZE_LIMIT: '70M', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', NODE_ENV: 'production', OIDC_PROVIDERS: oidcProviders };
	delete env.VITEST;

	if (existsSync('scripts/admin-create.ts')) {
		const admin = spawnSync(
			process.execPath,
			['node_modules/tsx/dist/cli.mjs', 'scripts/admin-create.ts', '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD, '--name', 'E2E Admin'],
			{ env, stdio: ['ignore', 'ignore', 'inherit'] }
		);
		if (admin.status !== 0) {
			await identity.stop();
			rmSync(dataDir, { recursive: true, force: true });
			throw new Error(`e2e: scripts/admin-create.ts failed (exit ${admin.status})`);
		}
	} else {
		// Only while the script does not exist: journeys that sign in as the administrator will fail.
		console.warn('e2e: scripts/admin-create.ts not found; starting without an administrator');
	}

	const serverStarted = performance.now();
	const server = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'inherit', 'inherit'] });
	try {
		const deadline = Date.now() + READY_TIMEOUT_MS;
		for (;;) {
			if (server.exitCode !== null || server.signalCode !== null) {
				throw new Error(`e2e: the server exited before it was ready (${server.exitCode ?? server.signalCode})`);
			}
			try {
				if ((await fetch(`${baseURL}/readyz`)).status === 200) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) throw new Error(`e2e: ${baseURL}/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	} catch (error) {
		await stop(server);
		await identity.stop();
		rmSync(dataDir, { recursive: true, force: true });
		throw error;
	}
	console.log(`e2e: server ready at ${baseURL} (${seconds(serverStarted)} to /readyz, ${seconds()} since setup began)`);

	project.provide('baseURL', baseURL);
	project.provide('adminEmail', ADMIN_EMAIL);
	project.provide('adminPassword', ADMIN_PASSWORD);
	// One sign-in for the whole run: the limit of 8 sign-ins per account in 15 minutes applies to tests too.
	const signIn = await fetch(`${baseURL}/cuenta/entrar`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '192.0.2.1' },
		body: new URLSearchParams({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
	});
	const adminCookies = signIn.headers.getSetCookie().map((cookie) => {
		const [pair] = cookie.split(';');
		const index = pair.indexOf('=');
		return { name: pair.slice(0, index), value: pair.slice(index + 1) };
	});
	if (!adminCookies.some((cookie) => cookie.name.includes('session_token'))) console.warn(`e2e: administrator sign-in answered ${signIn.status} without a session`);
	project.provide('adminCookies', adminCookies);

	return async () => {
		await stop(server);
		await identity.stop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
