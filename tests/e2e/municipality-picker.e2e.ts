// The municipality picker (issue 13): without JavaScript, search submits the form as a picker step and the results
// are chosen with checkboxes, nothing typed lost; with JavaScript, suggestions appear as one types and the keyboard
// chooses one (the WAI-ARIA combobox pattern). Both save the draft with the chosen ids.
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

const searchLabel = 'Buscar un municipio por su nombre';

describe('the municipality picker', () => {
	it('without JavaScript: an official searches by a partial accent-less name, chooses from the results and keeps every typed field', async () => {
		const admin = await adminContext(browser);
		const official = await createAccount(browser, admin.request, { name: 'Nora Sin Script', role: 'municipal_official', municipalityId: 'BR-4205407' });
		// createAccount's context has JavaScript; a script-less one carries the same session cookie.
		const noScript = await newContext(browser, { javaScript: false });
		await noScript.addCookies(await official.context.cookies());
		const page = await noScript.newPage();

		// The official's own municipality comes chosen; removing it is a button that submits a picker step.
		await visit(page, '/experiencias/nueva');
		const chosen = () => page.locator('.picker').textContent().then((text) => text ?? '');
		expect(await page.getByRole('list', { name: 'Municipios elegidos' }).textContent()).toContain('Florianópolis');
		await page.getByLabel('Título').fill('Pesca artesanal sostenible');
		await page.getByLabel('Resumen').fill('Pescadores y municipio ordenan la temporada.');
		await page.getByLabel('Espacio público y áreas verdes').check();
		// Enter in a field presses the form's first submit button: the picker's Search, a harmless step.
		await page.getByLabel('Título').press('Enter');
		await page.waitForLoadState();
		await expect.poll(() => page.getByText('Escriba al menos dos letras del nombre.').count()).toBeGreaterThan(0);
		expect(await page.getByRole('list', { name: 'Municipios elegidos' }).textContent()).toContain('Florianópolis');
		expect(await page.getByLabel('Título').inputValue()).toBe('Pesca artesanal sostenible');
		await page.getByRole('button', { name: 'Quitar Florianópolis' }).click();
		await expect.poll(() => page.getByText('Todavía no eligió ningún municipio.').count()).toBe(1);
		expect(await page.getByLabel('Título').inputValue()).toBe('Pesca artesanal sostenible');

		// A search with no match says so.
		await page.getByLabel(searchLabel).fill('zzqxwv');
		await page.getByRole('button', { name: 'Buscar', exact: true }).click();
		await expect.poll(() => page.getByText('Ningún municipio coincide con «zzqxwv».').count()).toBe(1);

		// Search submits the same form: the page comes back with results to choose from, nothing typed lost, nothing saved.
		await page.getByLabel(searchLabel).fill('florianopol');
		await page.getByRole('button', { name: 'Buscar', exact: true }).click();
		await page.waitForURL(/\/experiencias\/nueva/);
		const results = page.getByRole('group', { name: /resultados para «florianopol»/ });
		await expect.poll(() => results.count()).toBe(1);
		expect(await page.getByLabel('Título').inputValue()).toBe('Pesca artesanal sostenible');
		await expectAccessible(page);
		await results.getByLabel(/Florianópolis/).check();
		await page.getByRole('button', { name: 'Añadir los elegidos' }).click();
		await expect.poll(async () => (await page.getByRole('list', { name: 'Municipios elegidos' }).textContent()) ?? '').toContain('Florianópolis');
		expect(await chosen()).toContain('Santa Catarina');
		expect(await page.getByLabel('Título').inputValue()).toBe('Pesca artesanal sostenible');
		expect(await page.getByLabel('Resumen').inputValue()).toBe('Pescadores y municipio ordenan la temporada.');
		expect(await page.getByLabel('Espacio público y áreas verdes').isChecked()).toBe(true);
		await expectAccessible(page);

		await page.getByRole('button', { name: 'Guardar el borrador' }).click();
		// (The browser keeps the picker's fragment across the redirect: it names no element there, so nothing scrolls.)
		await page.waitForURL(/\/experiencias\/[0-9a-f-]{36}(#.*)?$/);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Pesca artesanal sostenible');
		await expect.poll(() => page.getByText('Florianópolis').count()).toBeGreaterThan(0);
		await expectAccessible(page);
	});

	it('with JavaScript at 360 px: typing shows suggestions, the keyboard chooses one, and the draft keeps it', async () => {
		// The secretariat may register for any municipality.
		const page = await (await adminContext(browser)).newPage();
		await page.setViewportSize({ width: 360, height: 800 });
		await visit(page, '/experiencias/nueva');
		await page.getByLabel('Título').fill('Ferias del libro barriales');

		const box = page.getByRole('combobox', { name: searchLabel });
		await box.pressSequentially('sao paul', { delay: 30 });
		const listbox = page.getByRole('listbox', { name: 'Municipios sugeridos' });
		await expect.poll(() => listbox.getByRole('option').count()).toBeGreaterThan(0);
		expect(await box.getAttribute('aria-expanded')).toBe('true');
		expect(await listbox.getByRole('option').first().textContent()).toContain('São Paulo');
		await expectAccessible(page);

		// Escape closes the list; the arrow keys reopen it and move the active option; Enter chooses without submitting.
		await box.press('Escape');
		expect(await box.getAttribute('aria-expanded')).toBe('false');
		await box.press('ArrowDown');
		expect(await box.getAttribute('aria-expanded')).toBe('true');
		const activeId = await box.getAttribute('aria-activedescendant');
		expect(activeId).toBeTruthy();
		expect(await page.locator(`#${activeId}`).getAttribute('aria-selected')).toBe('true');
		const chosenName = ((await page.locator(`#${activeId} strong`).textContent()) ?? '').trim();
		await box.press('Enter');
		expect(page.url()).toMatch(/\/experiencias\/nueva$/);
		const chosen = page.getByRole('list', { name: 'Municipios elegidos' });
		await expect.poll(async () => (await chosen.textContent()) ?? '').toContain(chosenName);
		expect(await box.inputValue()).toBe('');
		expect(await page.getByLabel('Título').inputValue()).toBe('Ferias del libro barriales');
		await expectAccessible(page);

		// A second one by pointer, then removed in place.
		await box.fill('guadalaj');
		await page.getByRole('option', { name: /Guadalajara Jalisco/ }).click();
		await expect.poll(async () => (await chosen.textContent()) ?? '').toContain('Guadalajara');
		await page.getByRole('button', { name: 'Quitar Guadalajara' }).click();
		await expect.poll(async () => (await chosen.textContent()) ?? '').not.toContain('Guadalajara');
		expect(page.url()).toMatch(/\/experiencias\/nueva$/);

		await page.getByRole('button', { name: 'Guardar el borrador' }).click();
		await page.waitForURL(/\/experiencias\/[0-9a-f-]{36}$/);
		await expect.poll(() => page.getByText(chosenName).count()).toBeGreaterThan(0);
		await expectAccessible(page);
	});
});
