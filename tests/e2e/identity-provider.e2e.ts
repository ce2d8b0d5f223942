// Sign-in with an identity provider over OpenID Connect (issue 13), against a real provider started by the test
// setup (tests/helpers/oidc-server.ts): a confirmed account is found by its address and linked; a new address makes
// a member account. Without JavaScript, at 360 px, axe on each of the app's pages (the provider's are not ours).
import type { Browser, Page } from 'playwright-core';
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

/** Signs in at the provider's development pages: any login (the e-mail address), then consent. */
async function signInAtProvider(page: Page, email: string) {
	await page.getByRole('link', { name: 'Entrar con Identidad Digital de Prueba' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/cuenta'));
	await page.locator('input[name="login"]').fill(email);
	await page.locator('input[name="password"]').fill('cualquier-cosa');
	await page.getByRole('button', { name: 'Sign-in' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
}

describe('sign-in with an identity provider', () => {
	it('links a confirmed account by its address, without JavaScript, at 360 px', async () => {
		const admin = await adminContext(browser);
		const { email } = await createAccount(browser, admin.request, { name: 'Marta Identidad' });
		const context = await newContext(browser, { javaScript: false });
		const page = await context.newPage();
		await page.setViewportSize({ width: 360, height: 740 });
		await visit(page, '/cuenta/entrar');
		expect(await page.getByRole('heading', { name: 'O entre con una identidad digital' }).count()).toBe(1);
		await signInAtProvider(page, email);
		await page.waitForURL('**/cuenta');
		await expectAccessible(page);
		expect(await page.getByText(email).count()).toBeGreaterThan(0);
		expect(await page.getByText('Marta Identidad').count()).toBeGreaterThan(0);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

		// The audit log says, in words, that the provider was linked and signed the person in.
		const log = await (await admin.request.get(`/admin/auditoria?subject=${encodeURIComponent(email.toLowerCase())}`)).text();
		expect(log).toContain('Proveedor de identidad vinculado a la cuenta');
		expect(log).toContain('Inicio de sesión con un proveedor de identidad');
	});

	it('makes a member account for an address new here, confirmed by the provider', async () => {
		const email = `nueva.${Date.now()}@example.org`;
		const page = await (await newContext(browser)).newPage();
		await visit(page, '/cuenta/entrar?next=%2Fexperiencias');
		await signInAtProvider(page, email);
		await page.waitForURL('**/experiencias');
		await visit(page, '/cuenta');
		expect(await page.getByText(email).count()).toBeGreaterThan(0);
	});

	it('sends back to the sign-in page, with a message, when the provider does not sign the person in', async () => {
		const page = await (await newContext(browser)).newPage();
		await visit(page, '/cuenta/entrar');
		await page.getByRole('link', { name: 'Entrar con Identidad Digital de Prueba' }).click();
		// The person gives up at the provider: its abort answers access_denied to the app.
		await page.waitForURL('**/interaction/**');
		const url = new URL(page.url());
		const uid = url.pathname.split('/').pop();
		await page.goto(`${url.origin}/interaction/${uid}/abort`);
		await page.waitForURL('**/cuenta/entrar**');
		await expectAccessible(page);
		expect(await page.getByRole('alert').textContent()).toContain('no confirmó su entrada');
	});
});
