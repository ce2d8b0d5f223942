// Issue 13 finding 13: a change made on one server purges every server's anonymous cache at once. PostgreSQL runs
// several servers (each a LISTEN connection of its own here, as each server has one); the embedded database is one.
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { uniqueToken } from '../../../../tests/factories';
import { testDatabaseKind } from '../../../../tests/helpers/db';
import { getDb, getOpenDatabase } from '../db';
import { announcePublicChange, canSharePublicAnswers, onPublicChange, publicChangeChannel, PublicChangeListener, publicChangeGeneration } from './service';

const onPostgres = testDatabaseKind() === 'postgres';
const listeners: PublicChangeListener[] = [];

afterEach(async () => {
	await Promise.all(listeners.splice(0).map((listener) => listener.stop()));
});

// Other test files announce changes on the same database at the same time: a server here counts only the
// announcements of this test (by its token) and its own losses of connection.
function server(token: string) {
	const state = { purges: 0, sharing: true };
	const listener = new PublicChangeListener(
		(getOpenDatabase()!.connection as { url: string }).url,
		(announcement) => {
			if (announcement === undefined || announcement.endsWith(token)) state.purges++;
		},
		(sharing) => (state.sharing = sharing)
	);
	listeners.push(listener);
	return { listener, state };
}

describe('announcing a public change', () => {
	it('purges this server at once and counts the change', async () => {
		let purged = 0;
		const stop = onPublicChange(() => purged++);
		const before = publicChangeGeneration();
		await announcePublicChange('test');
		stop();
		expect(purged).toBe(1);
		expect(publicChangeGeneration()).toBe(before + 1);
		expect(canSharePublicAnswers()).toBe(true);
	});

	it.runIf(onPostgres)('purges every other server listening on PostgreSQL, once the change is committed', async () => {
		const token = uniqueToken();
		const [a, b] = [server(token), server(token)];
		await Promise.all([a.listener.start(), b.listener.start()]);
		await getDb().transaction(async (tx) => {
			await tx.execute(sql`select pg_notify(${publicChangeChannel}, ${`test:${token}`})`);
			await new Promise((resolve) => setTimeout(resolve, 200));
			// Not before the commit: a server must not render the old state again after purging.
			expect([a.state.purges, b.state.purges]).toEqual([0, 0]);
		});
		await expect.poll(() => [a.state.purges, b.state.purges]).toEqual([1, 1]);
		await announcePublicChange(token);
		await expect.poll(() => [a.state.purges, b.state.purges]).toEqual([2, 2]);
	});

	it.runIf(onPostgres)('stops sharing while its connection is lost, purges, and listens again', async () => {
		const token = uniqueToken();
		const { listener, state } = server(token);
		await listener.start();
		const pids = async () =>
			((await getDb().execute(sql`select pid from pg_stat_activity where query = ${`listen ${publicChangeChannel}`} and datname = current_database()`)) as unknown as { rows: { pid: number }[] }).rows.map((row) => row.pid);
		const [pid] = await pids();
		expect(pid).toBeDefined();
		await getDb().execute(sql`select pg_terminate_backend(${pid})`);
		await expect.poll(() => state.sharing).toBe(false);
		expect(state.purges).toBe(1);
		await expect.poll(() => state.sharing, { timeout: 5_000 }).toBe(true);
		await announcePublicChange(token);
		await expect.poll(() => state.purges).toBe(2);
	});
});
