// Account self-service at /cuenta (issue 13): a member changes their name and password, ends another session,
// downloads their data, changes their address through the link mailed to it, and deletes the account; the last
// three without JavaScript, at 360 px.
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminContext, createAccount, signInContext } from './accounts';
import { expectAccessible, launchBrowser, newContext, visit } from './harness';

let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
	browser = await launchBrowser();
	admin = await adminContext(browser);
});

afterAll(async () => {
	await browser?.close();
});

/** The link of the newest mail to an address with the given subject, read from the administrator's outbox. */
async function linkIn(request: APIRequestContext, to: string, subject: string, path: string): Promise<string> {
	const outbox = await (await request.get(`/admin/correo?to=${encodeURIComponent(to)}`)).text();
	const mailPath = new RegExp(`href="(/admin/correo/[0-9a-f-]{36})"[^>]*>${subject}`).exec(outbox)?.[1];
	expect(mailPath, `mail "${subject}" to ${to}`).toBeTruthy();
	const mail = await (await request.get(mailPath!)).text();
	const link = new RegExp(`https?://[^"\\s<]+${path.replace(/[/?]/g, '\\$&')}\\?token=[^"\\s<]+`).exec(mail)?.[0];
	expect(link, `link to ${path}`).toBeTruthy();
	const url = new URL(link!.replace(/&amp;/g, '&'));
	return url.pathname + url.search;
}

async function submit(page: Page, button: string, url: string) {
	await page.getByRole('button', { name: button }).click();
	await page.waitForURL(url);
	await expectAccessible(page);
}

describe('a member looking after their own account', () => {
	it('changes name and password, ends another session, downloads their data, changes address and deletes the account', async () => {
		const person = await createAccount(browser, admin.request, { name: 'Lucía Cuenta' });
		const page = await person.context.newPage();

		// Name: refused when empty (with JavaScript, through use:enhance), then saved.
		await visit(page, '/cuenta');
		await page.getByLabel('Nombre').fill('');
		await page.getByRole('button', { name: 'Guardar el nombre' }).click();
		await expect.poll(() => page.getByText('Complete este campo.').count()).toBeGreaterThan(0);
		await expectAccessible(page);
		await page.getByLabel('Nombre').fill('Lucía Cuenta Nueva');
		await submit(page, 'Guardar el nombre', '**/cuenta?hecho=nombre');
		await expect.poll(() => page.getByText('Su nombre quedó guardado.').count()).toBe(1);

		// A second browser signs in; changing the password ends it, and says so.
		const other = await newContext(browser);
		await signInContext(other, person.email, person.password);
		await visit(page, '/cuenta/sesiones');
		await expect.poll(() => page.getByText('Esta sesión', { exact: true }).count()).toBe(1);
		await expect.poll(() => page.getByRole('button', { name: 'Cerrar esta sesión' }).count()).toBe(1);
		await visit(page, '/cuenta/contrasena');
		await expect.poll(() => page.getByText('se cierran todas sus otras sesiones').count()).toBe(1);
		const password = 'otra contraseña todavía más larga';
		await page.getByLabel('Contraseña actual').fill('no es la contraseña');
		await page.getByLabel('Nueva contraseña').fill(password);
		await page.getByLabel('Repita la contraseña').fill(password);
		await page.getByRole('button', { name: 'Cambiar la contraseña' }).click();
		await expect.poll(() => page.getByText('La contraseña actual no es correcta.').count()).toBeGreaterThan(0);
		await expectAccessible(page);
		await page.getByLabel('Contraseña actual').fill(person.password);
		await page.getByLabel('Nueva contraseña').fill(password);
		await page.getByLabel('Repita la contraseña').fill(password);
		await submit(page, 'Cambiar la contraseña', '**/cuenta?hecho=contrasena');
		const ended = await other.request.get('/cuenta', { maxRedirects: 0 });
		expect(ended.status()).toBe(303);
		expect(ended.headers().location).toContain('/cuenta/entrar');

		// Another session again, ended from the sessions page this time (the box must be ticked).
		await signInContext(other, person.email, password);
		await visit(page, '/cuenta/sesiones');
		await page.getByRole('button', { name: 'Cerrar las otras sesiones' }).click();
		await expect.poll(() => page.getByText('Marque la casilla para confirmar.').count()).toBeGreaterThan(0);
		await page.getByLabel(/Confirmo que quiero cerrar mis otras sesiones/).check();
		await submit(page, 'Cerrar las otras sesiones', '**/cuenta/sesiones?hecho=otras');
		expect((await other.request.get('/cuenta', { maxRedirects: 0 })).status()).toBe(303);

		// The download: an attachment never stored by a cache, with the new name.
		const download = await page.request.get('/cuenta/mis-datos.json');
		expect(download.status()).toBe(200);
		expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="cabildo-mis-datos-\d{4}-\d{2}-\d{2}\.json"$/);
		expect(download.headers()['cache-control']).toBe('private, no-store');
		const data = await download.json();
		expect(data.account).toMatchObject({ name: 'Lucía Cuenta Nueva', email: person.email });
		expect(data.auditEvents.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(['account.name_changed', 'account.password_changed']));
		expect((await (await newContext(browser)).request.get('/cuenta/mis-datos.json', { maxRedirects: 0 })).status()).toBe(303);

		// Without JavaScript, on a 360 px screen: the address, then the deletion.
		const plain = await newContext(browser, { javaScript: false });
		await signInContext(plain, person.email, password);
		const phone = await plain.newPage();
		await phone.setViewportSize({ width: 360, height: 800 });
		await visit(phone, '/cuenta/correo');
		const newEmail = `nueva.${person.email}`;
		await phone.getByLabel('Nuevo correo electrónico').fill(newEmail);
		await phone.getByLabel('Contraseña actual').fill(password);
		await phone.getByRole('button', { name: 'Enviar el enlace' }).click();
		await expect.poll(() => phone.getByText(`Si ${newEmail} puede usarse`).count()).toBe(1);
		await expectAccessible(phone);
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await visit(phone, await linkIn(admin.request, newEmail, 'Confirme su nuevo correo en Cabildo', '/cuenta/correo/confirmar'));
		await submit(phone, 'Confirmar el cambio', '**/cuenta?hecho=correo');
		await expect.poll(() => phone.getByText(newEmail, { exact: true }).count()).toBe(1);

		await visit(phone, '/cuenta/eliminar');
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await expect.poll(() => phone.getByText('se mostrará «Antiguo usuario»').count()).toBe(1);
		await phone.getByLabel('Contraseña actual').fill(password);
		await phone.getByRole('button', { name: 'Eliminar mi cuenta' }).click();
		await expect.poll(() => phone.getByText('Marque la casilla para confirmar.').count()).toBeGreaterThan(0);
		await expectAccessible(phone);
		await phone.getByLabel('Contraseña actual').fill(password);
		await phone.getByLabel('Leí lo que pasa y quiero eliminar mi cuenta').check();
		await submit(phone, 'Eliminar mi cuenta', '**/cuenta/eliminada');
		await expect.poll(() => phone.getByText('Su cuenta se eliminó').count()).toBe(1);

		// Gone: the address no longer signs in, and the page asks to sign in again.
		const signIn = await (await newContext(browser)).request.post('/cuenta/entrar', {
			form: { email: newEmail, password },
			headers: { origin: inject('baseURL'), accept: 'text/html' },
			maxRedirects: 0
		});
		expect(signIn.status()).toBe(401);
		await phone.goto('/cuenta');
		expect(new URL(phone.url()).pathname).toBe('/cuenta/entrar');
	});
});
