import { describe, expect, it } from 'vitest';
import { createAdmin, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { listAuditEvents, recordAudit } from './service';

describe('listAuditEvents', () => {
	it('lists newest first, filters by action and paginates', async () => {
		const admin = await createAdmin();
		const action = `test.${uniqueToken()}`;
		for (let index = 0; index < 3; index++) {
			await recordAudit(getDb(), { actorId: admin.id, action, subjectType: 'thing', subjectId: String(index), details: { index } });
		}
		const first = await listAuditEvents({ actor: admin, locale: 'es' }, { action, pageSize: '2' });
		expect(first.total).toBe(3);
		expect(first.items.map((event) => event.subjectId)).toEqual(['2', '1']);
		expect(first.items[0]).toMatchObject({ actorEmail: admin.email, details: { index: 2 } });
		expect(first.actions).toContain(action);
		const second = await listAuditEvents({ actor: admin, locale: 'es' }, { action, pageSize: '2', page: '2' });
		expect(second.items.map((event) => event.subjectId)).toEqual(['0']);
	});

	it('refuses a page size over 100 naming the field', async () => {
		const admin = await createAdmin();
		await expect(listAuditEvents({ actor: admin, locale: 'es' }, { pageSize: '500' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [expect.objectContaining({ field: 'pageSize' })]
		});
	});
});
