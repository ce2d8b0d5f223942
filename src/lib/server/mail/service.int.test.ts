import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { getMail, listMail, queueMail } from './service';

describe('outbox', () => {
	it('keeps mail for administrators when no SMTP is configured', async () => {
		const to = `${uniqueToken()}@example.org`;
		const id = await queueMail(getDb(), { to, subject: 'Hola', text: 'Texto' });
		const admin = await createAdmin();
		const page = await listMail({ actor: admin, locale: 'es' }, { to });
		expect(page.items).toEqual([expect.objectContaining({ id, to, subject: 'Hola', status: 'outbox' })]);
		expect((await getMail({ actor: admin, locale: 'es' }, id)).text).toBe('Texto');
	});

	it('is closed to everyone else', async () => {
		const member = await createUser({ roles: [{ role: 'secretariat' }] });
		await expect(listMail({ actor: member, locale: 'es' }, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(listMail({ actor: null, locale: 'es' }, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});
});
