import { describe, expect, it } from 'vitest';
import { createAdmin, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { listAuditEvents, recordAudit } from './service';

describe('listAuditEvents', () => {
	it('lists newest first, filters by action and subject, and paginates', async () => {
		const admin = await createAdmin();
		// A subject of its own: other tests record the same actions meanwhile.
		const action = 'setting.changed' as const;
		const subject = `thing-${uniqueToken()}`;
		for (let index = 0; index < 3; index++) {
			await recordAudit(getDb(), { actorId: admin.id, action, subjectType: 'thing', subjectId: subject, details: { index } });
		}
		await recordAudit(getDb(), { actorId: admin.id, action: 'job.retried', subjectType: 'thing', subjectId: subject });
		const first = await listAuditEvents({ actor: admin, locale: 'es' }, { action, subject, pageSize: '2' });
		expect(first.total).toBe(3);
		expect(first.items.map((event) => event.details.index)).toEqual([2, 1]);
		expect(first.items[0]).toMatchObject({ actorEmail: admin.email, subjectId: subject });
		expect(first.actions).toContainEqual({ action, name: 'Ajuste modificado' });
		expect(first.items[0].actionName).toBe('Ajuste modificado');
		expect((await listAuditEvents({ actor: admin, locale: 'en' }, { action, subject })).items[0].actionName).toBe('Setting changed');
		const second = await listAuditEvents({ actor: admin, locale: 'es' }, { action, subject, pageSize: '2', page: '2' });
		expect(second.items.map((event) => event.details.index)).toEqual([0]);
		expect((await listAuditEvents({ actor: admin, locale: 'es' }, { subject })).total).toBe(4);
	});

	it('refuses a page size over 100 naming the field', async () => {
		const admin = await createAdmin();
		await expect(listAuditEvents({ actor: admin, locale: 'es' }, { pageSize: '500' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [expect.objectContaining({ field: 'pageSize' })]
		});
	});
});
