// Operations of a running server (issue 12 §6), on a built server of its own (the journeys' server keeps running):
// - GET /metrics answers the allowed addresses and the bearer token, and the ordinary 404 to everyone else;
// - SIGTERM during a slow request: no new connection is accepted, the request in flight completes, the process
//   exits 0. The slow request is a sign-in whose form body the client trickles, so no test-only route is needed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';

const TOKEN = 'e2e-metrics-token-0123456789';
let server: ChildProcess;
let dataDir: string;
let port: number;
let baseURL: string;
let output = '';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

beforeAll(async () => {
	dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-ops-e2e-'));
	port = await freePort();
	baseURL = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		DATA_DIR: dataDir,
		PORT: String(port),
		ORIGIN: baseURL,
		LOG_LEVEL: 'info',
		DATABASE_URL: '',
		SMTP_URL: '',
		// Behind a proxy that appends the client's address: the metrics see that address, not the proxy's.
		ADDRESS_HEADER: 'x-forwarded-for',
		XFF_DEPTH: '1',
		METRICS_ALLOW: '127.0.0.1,::1,10.1.2.0/24',
		METRICS_TOKEN: TOKEN,
		SHUTDOWN_TIMEOUT: '30',
		NODE_ENV: 'production'
	};
	delete env.VITEST;
	server = spawn(process.execPath, [path.resolve('build/index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const deadline = Date.now() + 150_000;
	for (;;) {
		if (server.exitCode !== null) throw new Error(`the server exited before it was ready:\n${output}`);
		try {
			if ((await fetch(`${baseURL}/readyz`)).status === 200) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`the server was not ready in 150 s:\n${output}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}, 180_000);

afterAll(() => {
	if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
	rmSync(dataDir, { recursive: true, force: true });
});

const scrape = (headers: Record<string, string>) => fetch(`${baseURL}/metrics`, { headers });

describe('GET /metrics on a running server', () => {
	// Rows of the access matrix of /metrics: [who, request headers, status].
	const rows: Array<[string, Record<string, string>, number]> = [
		['loopback client', { 'x-forwarded-for': '127.0.0.1' }, 200],
		['client inside an allowed range', { 'x-forwarded-for': '10.1.2.3' }, 200],
		['public client', { 'x-forwarded-for': '203.0.113.7' }, 404],
		['public client with the token', { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` }, 200],
		['public client with a wrong token', { 'x-forwarded-for': '203.0.113.7', authorization: 'Bearer not-the-token-0123456789' }, 404],
		['no address header (cannot tell who), no token', {}, 404],
		['no address header, with the token', { authorization: `Bearer ${TOKEN}` }, 200]
	];
	it.each(rows)('%s → %s', async (_who, headers, status) => {
		const response = await scrape(headers);
		expect(response.status).toBe(status);
		if (status === 200) {
			expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
			expect(response.headers.get('cache-control')).toMatch(/no-store/);
		}
	});

	it('counts requests by route id and status, and reads the job queue', async () => {
		await fetch(`${baseURL}/territorios/br`);
		await fetch(`${baseURL}/no-such-page`);
		const body = await (await scrape({ 'x-forwarded-for': '127.0.0.1' })).text();
		expect(body).toMatch(/cabildo_http_request_duration_seconds_count\{route="\/territorios\/\[country=country\]",method="GET",status="200"\} \d+/);
		expect(body).toMatch(/cabildo_http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} \d+/);
		expect(body).toMatch(/^cabildo_job_queue_readable 1$/m);
		expect(body).toContain('process_resident_memory_bytes');
	});
});

describe('every answer under /api/ is JSON', () => {
	// Answers SvelteKit makes before any of our handlers runs: [what, method, path, status, code].
	const rows: Array<[string, string, string, number, string]> = [
		['an invalid percent-encoding in the path', 'GET', '/api/v1/experiences/%E0%A4%A', 400, 'VALIDATION'],
		['an invalid escape in the path', 'GET', '/api/v1/%ZZ', 400, 'VALIDATION'],
		['a method no route takes', 'DELETE', '/api/v1/experiences', 405, 'METHOD_NOT_ALLOWED'],
		['an unknown path', 'GET', '/api/v1/no-such-thing', 404, 'NOT_FOUND']
	];
	it.each(rows)('%s → %s %s %s', async (_what, method, address, status, code) => {
		const response = await fetch(`${baseURL}${address}`, { method, headers: { 'accept-language': 'en' } });
		expect(response.status).toBe(status);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const body = (await response.json()) as { error: { code: string; message: string } };
		expect(body.error.code).toBe(code);
		expect(body.error.message).not.toBe('');
	});
});

describe('SIGTERM', () => {
	it('lets a request in flight finish, accepts no new connection, then exits 0', async () => {
		// What the server logged is the only clue to a shutdown that hangs.
		onTestFailed(() => console.error(`server output:\n${output}`));
		const body = new URLSearchParams({ email: 'nobody@e2e.test', password: 'not-the-password-1' }).toString();
		const half = Math.floor(body.length / 2);
		let finished: (value: { status: number; text: string }) => void;
		let failed: (error: Error) => void;
		const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
			finished = resolve;
			failed = reject;
		});
		const slow = request(`${baseURL}/cuenta/entrar`, {
			method: 'POST',
			headers: {
				origin: baseURL,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': String(Buffer.byteLength(body)),
				'x-forwarded-for': '192.0.2.44'
			}
		});
		slow.on('response', (response) => {
			let text = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => (text += chunk));
			response.on('end', () => finished({ status: response.statusCode ?? 0, text }));
		});
		slow.on('error', failed!);
		slow.write(body.slice(0, half));
		await new Promise((resolve) => setTimeout(resolve, 500));

		const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
		server.kill('SIGTERM');
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		// The listener is closed: a new client is refused while the old request is still arriving.
		await expect(fetch(`${baseURL}/healthz`)).rejects.toThrow();
		expect(server.exitCode).toBeNull();

		// The rest of the body, slowly: the server waits for it and answers.
		for (const character of body.slice(half)) {
			slow.write(character);
			await new Promise((resolve) => setTimeout(resolve, 60));
		}
		slow.end();
		const { status, text } = await answer;
		// Wrong credentials: the sign-in action ran to its end and answered its failure.
		expect(status).toBe(401);
		expect(text).toContain('<form');
		expect(await exited).toBe(0);
		expect(output).toMatch(/stopped: requests and jobs finished, database closed/);
	}, 60_000);
});
