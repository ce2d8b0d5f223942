import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { defineJob, handleJob } from './define';
import { enqueueJob, registerJobHandlers, runQueuedJobs } from './queue';
import { findJobByKey, listJobs, retryJob } from './service';

const ZPayload = z.object({ key: z.string() });

/** A job kind of its own per test, so tests sharing a PostgreSQL database never run each other's jobs. */
function testJob(options: { fail?: boolean; retryLimit?: number } = {}) {
	const name = `test.job-${uniqueToken(10).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
	const definition = defineJob(name, ZPayload, { retryLimit: options.retryLimit ?? 0, retryDelaySeconds: 0, deadLetter: true });
	const ran: string[] = [];
	const dead: { key: string; error: string }[] = [];
	const handler = handleJob(
		definition,
		async ({ key }) => {
			ran.push(key);
			if (options.fail) throw new Error(`no way for ${key}`);
		},
		{ onDeadLetter: async ({ key }, error) => void dead.push({ key, error }) }
	);
	return { definition, handler, ran, dead };
}

describe('the job queue', () => {
	it('keeps a job only when the transaction that enqueued it commits', async () => {
		const { definition, handler, ran } = testJob();
		await registerJobHandlers([handler]);
		await expect(
			inTransaction(undefined, async (tx) => {
				await enqueueJob(tx, definition, { key: 'rolled-back' }, { singletonKey: 'rolled-back' });
				throw new Error('the change fails');
			})
		).rejects.toThrow('the change fails');
		await inTransaction(undefined, async (tx) => {
			await enqueueJob(tx, definition, { key: 'committed' }, { singletonKey: 'committed' });
		});
		expect(await findJobByKey(getDb(), definition.name, 'rolled-back')).toBeNull();
		expect(await runQueuedJobs([definition.name])).toBe(1);
		expect(ran).toEqual(['committed']);
		expect((await findJobByKey(getDb(), definition.name, 'committed'))?.view).toBe('done');
	});

	it('refuses a payload that does not match the kind, before anything is written', async () => {
		const { definition, handler } = testJob();
		await registerJobHandlers([handler]);
		await expect(enqueueJob(getDb(), definition, { key: 42 } as never)).rejects.toThrow();
	});

	it('retries a failing job, then fails it with its last error, hands it to its dead letter, and an admin retries it', async () => {
		const { definition, handler, ran } = testJob({ fail: true, retryLimit: 1 });
		await registerJobHandlers([handler]);
		await enqueueJob(getDb(), definition, { key: 'broken' }, { singletonKey: 'broken' });
		// The retry waits for its backoff before it can be claimed again.
		await expect.poll(async () => (await runQueuedJobs([definition.name]), ran.length), { timeout: 15_000, interval: 250 }).toBe(2);
		expect(ran).toEqual(['broken', 'broken']);
		const failed = await findJobByKey(getDb(), definition.name, 'broken');
		expect(failed).toMatchObject({ view: 'failed', attempt: 2, error: 'no way for broken' });

		// The dead-letter copy keeps the payload and the original's output.
		const rows = (await getDb().execute(sql`select data, source_output from pgboss.job where name = ${`${definition.name}.dead`}`)) as unknown as { rows: { data: { key: string }; source_output: { message: string } }[] };
		expect(rows.rows.map((row) => [row.data.key, row.source_output.message])).toEqual([['broken', 'no way for broken']]);

		const admin = await createAdmin();
		const page = await listJobs({ actor: admin, locale: 'es' }, { view: 'failed', name: definition.name });
		expect(page.items.map((item) => item.id)).toEqual([failed!.id]);
		expect(page.queues.find((queue) => queue.name === definition.name)).toMatchObject({ failed: 1, queued: 0 });

		const member = await createUser();
		await expect(retryJob({ actor: member, locale: 'es' }, failed!.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await retryJob({ actor: admin, locale: 'es' }, failed!.id);
		expect((await findJobByKey(getDb(), definition.name, 'broken'))?.view).toBe('queued');
		await expect(retryJob({ actor: admin, locale: 'es' }, failed!.id)).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('runs at most one live job per key in an exclusive queue', async () => {
		const name = `test.exclusive-${uniqueToken(10).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
		const definition = defineJob(name, ZPayload, { policy: 'exclusive', retryLimit: 0 });
		const ran: string[] = [];
		await registerJobHandlers([handleJob(definition, async ({ key }) => void ran.push(key))]);
		const first = await enqueueJob(getDb(), definition, { key: 'a' }, { singletonKey: 'message-1' });
		const second = await enqueueJob(getDb(), definition, { key: 'a' }, { singletonKey: 'message-1' });
		expect(first).toBeTruthy();
		expect(second).toBeNull();
		await runQueuedJobs([definition.name]);
		expect(ran).toEqual(['a']);
	});
});
