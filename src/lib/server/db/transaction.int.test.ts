import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import { recordAudit } from '../audit/service';
import { getDb } from './index';
import { auditEvent } from './schema';
import { inTransaction } from './transaction';

describe('inTransaction', () => {
	it('commits every write of the unit of work together', async () => {
		const subjectId = uniqueToken();
		const person = await createUser();
		await inTransaction(undefined, async (tx) => {
			await recordAudit(tx, { actorId: person.id, action: 'setting.changed', subjectType: 'test', subjectId });
			await recordAudit(tx, { actorId: person.id, action: 'job.retried', subjectType: 'test', subjectId });
		});
		expect(await getDb().select().from(auditEvent).where(eq(auditEvent.subjectId, subjectId))).toHaveLength(2);
	});

	it('writes nothing when the work fails half-way', async () => {
		const subjectId = uniqueToken();
		await expect(
			inTransaction(undefined, async (tx) => {
				await recordAudit(tx, { actorId: null, action: 'setting.changed', subjectType: 'test', subjectId });
				throw new Error('second step failed');
			})
		).rejects.toThrow('second step failed');
		expect(await getDb().select().from(auditEvent).where(eq(auditEvent.subjectId, subjectId))).toEqual([]);
	});
});
