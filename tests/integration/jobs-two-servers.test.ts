// Two application server processes on one PostgreSQL database, a real SMTP sink (smtp-server), and one of the
// servers killed with SIGKILL half-way: every queued e-mail is delivered, by the other server, and the weekly digest
// fired by both servers reaches each subscriber once. PostgreSQL only (the embedded database is one process).
// The file runs on a database of its own: every other integration file runs job workers on the shared test
// database, and they would claim (and answer for) this file's digest and mail jobs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../../src/lib/server/config';
import type { Actor } from '../../src/lib/server/context';
import { getDb, useDatabase } from '../../src/lib/server/db';
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { proposeInstitution, saveMySubscription, weeklyDigestJob } from '../../src/lib/server/directory';
import { allJobHandlers } from '../../src/lib/server/job-handlers';
import { enqueueJob, startJobs, stopJobs } from '../../src/lib/server/jobs';
import { queueMail } from '../../src/lib/server/mail';
import { loadReferenceTaxonomy } from '../../src/lib/server/taxonomy';
import { createMunicipality, createUser, uniqueToken } from '../factories';
import { testDatabaseKind } from '../helpers/db';

const onPostgres = testDatabaseKind() === 'postgres';
const received: { messageId: string; to: string; subject: string }[] = [];
let smtp: SMTPServer | undefined;
let smtpUrl = '';
const servers: ChildProcess[] = [];
let ownUrl = '';
let ownDatabase: OpenDatabase | undefined;
const adminQuery = async (text: string) => {
	const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
	await admin.connect();
	try {
		await admin.query(text);
	} finally {
		await admin.end();
	}
};

function startSink(): Promise<string> {
	smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			let raw = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => (raw += chunk));
			stream.on('end', () => {
				const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? '';
				received.push({ messageId: header('Message-ID'), to: session.envelope.rcptTo.map((r) => r.address).join(','), subject: header('Subject') });
				// A little time per message, so that a server is killed with messages in flight.
				setTimeout(callback, 15);
			});
		}
	});
	return new Promise((resolve) => smtp!.listen(0, '127.0.0.1', () => resolve(`smtp://127.0.0.1:${(smtp!.server.address() as { port: number }).port}`)));
}

function startServer(name: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/job-server.ts'], {
		env: {
			...process.env,
			DATABASE_URL: ownUrl,
			SMTP_URL: smtpUrl,
			MAIL_FROM: 'Cabildo <secretaria@example.org>',
			LOG_LEVEL: process.env.JOB_SERVER_LOG_LEVEL ?? 'warn',
			JOBS_SUPERVISE_SECONDS: '2',
			VITEST: ''
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	servers.push(child);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 60_000);
		child.stdout!.on('data', (chunk: Buffer) => {
			if (process.env.JOB_SERVER_LOG) process.stderr.write(`[${name}] ${chunk}`);
			if (chunk.toString().includes('ready')) {
				clearTimeout(timer);
				resolve(child);
			}
		});
		child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
	});
}

const mailRows = async (tag: string) =>
	(await getDb().execute(sql`select status, count(*)::int as count from mail_message where subject like ${`%${tag}%`} group by status`)) as unknown as { rows: { status: string; count: number }[] };

describe.skipIf(!onPostgres)('background work on two servers', () => {
	beforeAll(async () => {
		// This process's workers (started by the file setup on the shared database) stop; the queue is opened again,
		// without workers, on this file's own database, so that only the two servers run its jobs.
		await stopJobs(5_000);
		const name = `cabildo_two_servers_${randomBytes(4).toString('hex')}`;
		await adminQuery(`create database ${name}`);
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.pathname = `/${name}`;
		ownUrl = url.toString();
		ownDatabase = await openDatabase({ databaseUrl: ownUrl });
		await migrateDatabase(ownDatabase);
		useDatabase(ownDatabase);
		await startJobs(ownDatabase, allJobHandlers(), { work: false, maintain: false });
		smtpUrl = await startSink();
		process.env.SMTP_URL = smtpUrl;
		reloadConfig();
		// The servers load the gazetteer only into an empty database: a municipality makes sure they do not.
		await createMunicipality();
		await loadReferenceTaxonomy(getDb());
	}, 60_000);

	afterAll(async () => {
		for (const child of servers) if (child.exitCode === null) child.kill('SIGKILL');
		delete process.env.SMTP_URL;
		reloadConfig();
		await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
		await stopJobs(5_000);
		await ownDatabase?.close();
		if (ownUrl) await adminQuery(`drop database if exists ${new URL(ownUrl).pathname.slice(1)} with (force)`);
	});

	it('delivers 200 queued e-mails once each although one server is killed mid-way', async () => {
		const tag = uniqueToken();
		for (let index = 0; index < 200; index++) {
			await queueMail(getDb(), { to: `persona${index}-${tag.toLowerCase()}@example.org`, subject: `Aviso ${index} ${tag}`, text: 'Prueba de entrega.' });
		}
		const ours = () => received.filter((mail) => mail.subject.includes(tag));
		const first = await startServer('server A');
		await startServer('server B');
		await expect.poll(() => ours().length, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(40);
		first.kill('SIGKILL');
		const atKill = ours().length;
		expect(atKill).toBeLessThan(200);

		// The killed server's claimed batch expires (60 s), then waits out its retry delay (30 s, with backoff).
		await expect.poll(async () => (await mailRows(tag)).rows.find((row) => row.status === 'sent')?.count ?? 0, { timeout: 240_000, interval: 500 }).toBe(200);
		expect((await mailRows(tag)).rows).toEqual([{ status: 'sent', count: 200 }]);
		const ids = ours().map((mail) => mail.messageId);
		expect(new Set(ids).size).toBe(200);
		// Each message went out once. The only exception SMTP allows: a message the sink accepted in the instant before
		// the kill, before the dying server could record it, is sent again by the other one, with the same Message-ID
		// (so receivers discard it). The killed server had at most two messages in flight (one per worker).
		expect(ids.length - 200).toBeLessThanOrEqual(2);
	}, 330_000);

	it('sends the weekly digest once to each subscriber when both servers run it', async () => {
		const tag = uniqueToken();
		const secretariat: Actor = await createUser({ roles: [{ role: 'secretariat' }] });
		const subscriber = await createUser();
		await saveMySubscription({ actor: subscriber, locale: 'es' }, { themes: 'water-sanitation', countries: 'PE', active: 'on' });
		await proposeInstitution({ actor: secretariat, locale: 'es' }, { name: `Asociación ${tag}`, kind: 'municipal_association', countryCode: 'PE', themes: 'water-sanitation' });
		if (servers.filter((child) => child.exitCode === null && !child.killed).length < 2) await startServer('server C');
		// What each server's cron would enqueue for Monday 08:00, twice at once; the scheduler itself sends one.
		await Promise.all([enqueueJob(getDb(), weeklyDigestJob, {}), enqueueJob(getDb(), weeklyDigestJob, {})]);
		const digests = () => received.filter((mail) => mail.to === subscriber.email.toLowerCase());
		await expect.poll(() => digests().length, { timeout: 60_000, interval: 250 }).toBe(1);
		// Both runs are over (no digest job left waiting or running), and still one e-mail.
		await expect
			.poll(async () => ((await getDb().execute(sql`select count(*)::int as count from pgboss.job where name = ${weeklyDigestJob.name} and state in ('created','retry','active')`)) as unknown as { rows: { count: number }[] }).rows[0].count, { timeout: 60_000, interval: 250 })
			.toBe(0);
		expect(digests()).toHaveLength(1);
		const schedules = (await getDb().execute(sql`select name, cron from pgboss.schedule where name = ${weeklyDigestJob.name}`)) as unknown as { rows: { name: string; cron: string }[] };
		expect(schedules.rows).toEqual([{ name: weeklyDigestJob.name, cron: '0 8 * * 1' }]);
	}, 180_000);
});
