import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp } from '../../../../tests/helpers/fake-smtp';
import { createAdmin, uniqueToken } from '../../../../tests/factories';
import { reloadConfig } from '../config';
import { getDb } from '../db';
import { runQueuedJobs } from '../jobs';
import { deliverMailJob, listMail, queueMail } from './service';

let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;

// This file alone runs with SMTP_URL set. Its queue does not deliver mail by itself (the setup started it before SMTP
// was configured), so the test runs the delivery jobs, as a worker would.
beforeAll(async () => {
	smtp = await startFakeSmtp();
	process.env.SMTP_URL = smtp.url;
	process.env.MAIL_FROM = 'Cabildo <secretaria@example.org>';
	reloadConfig();
});

afterAll(async () => {
	delete process.env.SMTP_URL;
	reloadConfig();
	await smtp?.close();
});

describe('delivery over SMTP', () => {
	it('sends a queued message and marks it sent', async () => {
		const to = `${uniqueToken()}@example.org`;
		await queueMail(getDb(), { to, subject: 'Prueba de envío', text: 'Hola, municipio.' });
		await expect.poll(async () => {
			await runQueuedJobs([deliverMailJob.name]);
			return smtp.received.find((mail) => mail.to.some((rcpt) => rcpt.includes(to)));
		}, { timeout: 10_000 }).toBeTruthy();
		const delivered = smtp.received.find((mail) => mail.to.some((rcpt) => rcpt.includes(to)))!;
		expect(delivered.from).toContain('secretaria@example.org');
		expect(delivered.data).toContain('Hola, municipio.');
		const admin = await createAdmin();
		await expect
			.poll(async () => (await listMail({ actor: admin, locale: 'es' }, { to })).items[0]?.status, { timeout: 10_000 })
			.toBe('sent');
	});
});
