// PGlite behind its worker thread (decision 0018): the server path of `npm start` without DATABASE_URL. The tier's
// own database is in-process PGlite (or PostgreSQL), so this file opens a thread of its own from the run's template.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabaseKind } from '../../../../tests/helpers/db';
import { openPglite, type OpenDatabase } from './client';
import { openPgliteThread } from './pglite-thread';

// About a second of WebAssembly on one core: long enough that holding the event loop for it could not pass unseen.
const heavyQuery = sql`select count(*)::int as n from generate_series(1, 4000000) as g(i) where i % 7 = 0`;

/** The rows of `db.execute` (typed unknown over both drivers). */
function rowsOf<T>(result: unknown): T[] {
	return (result as { rows: T[] }).rows;
}

// Two probes of how long the event loop was held: Node's delay histogram, and the largest gap between the ticks of a
// 5 ms interval (the histogram alone read 10 ms for a 550 ms block of in-process PGlite under Vitest).
async function measureEventLoop<T>(work: () => Promise<T>): Promise<{ result: T; maxDelayMs: number; ms: number }> {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	let last = performance.now();
	let maxGap = 0;
	const ticker = setInterval(() => {
		const now = performance.now();
		maxGap = Math.max(maxGap, now - last);
		last = now;
	}, 5);
	const started = performance.now();
	const result = await work();
	const ms = performance.now() - started;
	// A held loop is seen when the timers finally fire: give them that turn before reading.
	await new Promise((resolve) => setTimeout(resolve, 50));
	clearInterval(ticker);
	histogram.disable();
	return { result, maxDelayMs: Math.max(histogram.max / 1e6, maxGap - 5), ms };
}

describe.skipIf(testDatabaseKind() !== 'pglite')('PGlite in a worker thread', () => {
	let folder: string;
	let dataDir: string;
	let database: OpenDatabase;

	beforeAll(async () => {
		const target = inject('integrationDatabase');
		if (target.kind !== 'pglite') return;
		folder = mkdtempSync(path.join(os.tmpdir(), 'cabildo-thread-test-'));
		dataDir = path.join(folder, 'pgdata');
		database = await openPgliteThread(dataDir, new Blob([readFileSync(target.template)], { type: 'application/gzip' }));
	}, 60_000);

	afterAll(async () => {
		await database?.close();
		if (folder) rmSync(folder, { recursive: true, force: true });
	});

	it('answers through node-postgres, with the migrated schema of the template', async () => {
		expect(database).toMatchObject({ kind: 'pglite', driver: 'node-postgres' });
		const [row] = rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
		expect(row.n).toBeGreaterThan(0);
		expect(existsSync(`${dataDir}.lock`)).toBe(true);
	});

	it('runs a long query without holding the event loop, and queries queued behind it get their own answers', async () => {
		const { result, maxDelayMs, ms } = await measureEventLoop(() =>
			Promise.all([database.db.execute(heavyQuery), ...Array.from({ length: 20 }, (_, i) => database.db.execute(sql`select ${i}::int as n`))])
		);
		const [heavy, ...small] = result;
		expect(rowsOf<{ n: number }>(heavy)[0].n).toBe(571428);
		expect(small.map((answer) => rowsOf<{ n: number }>(answer)[0].n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
		expect(ms).toBeGreaterThan(300);
		// The loop only ever waits for socket reads; a garbage collection or a busy CI core stays far below the query.
		expect(maxDelayMs).toBeLessThan(Math.min(150, ms / 3));
	});

	it('holds the event loop when PGlite runs on this thread (the difference the worker makes)', async () => {
		const inProcess = await openPglite(null, new Blob([await database.dump!('gzip')], { type: 'application/gzip' }));
		try {
			const { maxDelayMs, ms } = await measureEventLoop(() => inProcess.db.execute(heavyQuery));
			expect(maxDelayMs).toBeGreaterThan(ms / 2);
		} finally {
			await inProcess.close();
		}
	}, 60_000);

	it('never interleaves the transactions of concurrent callers (each read-then-write sees the previous commit)', async () => {
		await database.db.execute(sql`create table thread_counter (n int not null)`);
		await database.db.execute(sql`insert into thread_counter values (0)`);
		const events: string[] = [];
		const increment = (caller: string) =>
			database.db.transaction(async (tx) => {
				events.push(`begin ${caller}`);
				const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select n from thread_counter`));
				// A pause inside the transaction: another caller's statements would land here if they could.
				await new Promise((resolve) => setTimeout(resolve, 20));
				await tx.execute(sql`update thread_counter set n = ${row.n + 1}`);
				events.push(`commit ${caller}`);
			});
		await Promise.all(['a', 'b', 'c', 'd'].flatMap((caller) => [increment(caller), increment(caller)]));
		expect(rowsOf(await database.db.execute(sql`select n from thread_counter`))).toEqual([{ n: 8 }]);
		for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i].replace('begin', 'commit'));
	});

	it('rolls back a failed transaction and goes on serving the next caller', async () => {
		await expect(
			database.db.transaction(async (tx) => {
				await tx.execute(sql`insert into thread_counter values (100)`);
				await tx.execute(sql`select 1 / 0`);
			})
		).rejects.toThrow();
		expect(rowsOf(await database.db.execute(sql`select count(*)::int as n from thread_counter`))).toEqual([{ n: 1 }]);
	});

	it('dumps the data directory (the backup) and closes its files, releasing the lock', async () => {
		const copy = await openPglite(null, new Blob([await database.dump!('gzip')], { type: 'application/gzip' }));
		try {
			expect(rowsOf(await copy.db.execute(sql`select n from thread_counter`))).toEqual([{ n: 8 }]);
		} finally {
			await copy.close();
		}
		await database.close();
		expect(existsSync(`${dataDir}.lock`)).toBe(false);
		const reopened = await openPgliteThread(dataDir);
		try {
			expect(rowsOf(await reopened.db.execute(sql`select n from thread_counter`))).toEqual([{ n: 8 }]);
		} finally {
			await reopened.close();
		}
	}, 60_000);
});
