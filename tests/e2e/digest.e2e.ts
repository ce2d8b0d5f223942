import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContext, createAccount } from './accounts';
import { expectAccessible, launchBrowser, newContext, visit } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

describe('staying informed', () => {
	it('an official subscribes to a theme, a matching call is published, the digest arrives with an unsubscribe link that works signed out', async () => {
		const admin = await adminContext(browser);
		const tag = Array.from({ length: 8 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
		const official = await createAccount(browser, admin.request, { name: 'Sara Subscriber', role: 'municipal_official', municipalityId: 'MX-14039' });
		const page = await official.context.newPage();
		await visit(page, '/cuenta/suscripcion');
		await page.getByLabel('Residuos sólidos y reciclaje').check();
		await page.getByLabel('Países').fill('MX');
		await page.getByRole('button', { name: 'Guardar' }).click();
		await expect.poll(() => page.getByText('Preferencias guardadas.').count()).toBe(1);
		await expectAccessible(page);

		const { id: funderId } = await (await admin.request.post('/api/v1/institutions', { data: { name: `Fondo Verde ${tag}`, kind: 'foundation', countryCode: 'MX' } })).json();
		const call = await admin.request.post('/api/v1/funding-calls', {
			data: { funderId, title: `Reciclaje municipal ${tag}`, opensAt: '2026-01-01T00:00', closesAt: '2099-12-31T18:00', timeZone: 'America/Mexico_City', themes: ['solid-waste'], eligibleCountries: ['MX'] }
		});
		expect(call.status()).toBe(201);

		const secretariat = await admin.newPage();
		await visit(secretariat, '/directorio/boletin');
		await secretariat.getByRole('button', { name: 'Enviar ahora el boletín de esta semana' }).click();
		await expect.poll(() => secretariat.getByText('quedó en la cola de trabajos', { exact: false }).count()).toBe(1);
		await expectAccessible(secretariat);

		// The digest runs as a job: its mail reaches the outbox within a few polls of the queue.
		await expect
			.poll(async () => (await secretariat.request.get(`/admin/correo?to=${encodeURIComponent(official.email)}`)).text(), { timeout: 30_000 })
			.toContain('novedades en el directorio');
		// The administrators' jobs page lists the run as done, by its name in the reader's language.
		await visit(secretariat, '/admin/trabajos?name=directory.weekly-digest&view=done');
		await expect.poll(() => secretariat.getByRole('cell', { name: 'Boletín semanal' }).count()).toBeGreaterThan(0);
		await visit(secretariat, `/admin/correo?to=${encodeURIComponent(official.email)}`);
		await secretariat.getByRole('link', { name: /novedades en el directorio/ }).click();
		await expectAccessible(secretariat);
		const mail = (await secretariat.locator('pre.mail').textContent()) ?? '';
		expect(mail).toContain(`Reciclaje municipal ${tag}`);
		const unsubscribe = /https?:\/\/\S+\/suscripcion\/baja\?token=[A-Za-z0-9_-]+/.exec(mail)?.[0];
		expect(unsubscribe).toBeTruthy();

		// Signed out, as from a mail client.
		const reader = await (await newContext(browser, { javaScript: false })).newPage();
		const url = new URL(unsubscribe!);
		await visit(reader, url.pathname + url.search);
		await reader.getByRole('button', { name: 'Dejar de recibirlo' }).click();
		await expect.poll(() => reader.getByText('ya no recibirá el boletín semanal', { exact: false }).count()).toBe(1);
		await expectAccessible(reader);
		await visit(page, '/cuenta/suscripcion');
		expect(await page.getByLabel('Quiero recibir el boletín semanal').isChecked()).toBe(false);
	});
});
