import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, visit } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function signInAsAdmin(page: Page) {
	await visit(page, '/cuenta/entrar');
	await page.getByLabel('Correo electrónico').fill(inject('adminEmail'));
	await page.getByLabel('Contraseña').fill(inject('adminPassword'));
	await page.getByRole('button', { name: 'Entrar' }).click();
	await page.waitForURL('**/cuenta');
}

describe('registering an experience', () => {
	it('drafts with the form, corrects it, sends it, and the secretariat returns it with a reason', async () => {
		const page = await (await newContext(browser)).newPage();
		await signInAsAdmin(page);
		await page.getByRole('link', { name: 'Registrar una experiencia de su municipio' }).click();
		await page.waitForURL('**/experiencias/nueva');
		await expectAccessible(page);

		// A first save without a title is refused, keeping what was typed.
		await page.getByRole('combobox', { name: 'Buscar un municipio por su nombre' }).fill('MX-14039');
		await page.getByRole('option', { name: /Guadalajara Jalisco/ }).click();
		await page.getByLabel('Resumen').fill('Vecinos y gobierno priorizan obras barriales.');
		await page.getByRole('button', { name: 'Guardar el borrador' }).click();
		await expect.poll(() => page.getByRole('heading', { name: 'Hay un problema' }).count()).toBe(1);
		expect(await page.getByLabel('Resumen').inputValue()).toBe('Vecinos y gobierno priorizan obras barriales.');
		await expectAccessible(page);

		await page.getByLabel('Título').fill('Presupuesto participativo barrial');
		await page.getByLabel('Presupuesto participativo').check();
		await page.getByLabel('16. Paz, justicia e instituciones sólidas').check();
		await page.getByRole('button', { name: 'Guardar el borrador' }).click();
		await page.waitForURL(/\/experiencias\/[0-9a-f-]{36}$/);
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Presupuesto participativo barrial');
		await expectAccessible(page);

		await page.getByRole('link', { name: 'Editar el borrador' }).click();
		await page.waitForURL('**/editar');
		await expectAccessible(page);
		expect(await page.getByLabel('Presupuesto participativo').isChecked()).toBe(true);
		await page.getByLabel('Título').fill('Presupuesto participativo en los barrios de Guadalajara');
		await page.getByRole('button', { name: 'Guardar el borrador' }).click();
		await page.waitForURL(/\/experiencias\/[0-9a-f-]{36}$/);

		await page.getByRole('button', { name: 'Enviar a la Secretaría' }).click();
		await expect.poll(() => page.getByText('Estado actual: Enviada').count()).toBe(1);
		await page.getByRole('button', { name: 'Aceptar para evaluación' }).click();
		await expect.poll(() => page.getByText('Estado actual: En evaluación').count()).toBe(1);

		// Returning needs a reason.
		await page.getByRole('button', { name: 'Devolver a los autores' }).click();
		await expect.poll(() => page.getByText('Explique el motivo.').count()).toBeGreaterThan(0);
		await expectAccessible(page);
		await page.getByLabel('Comentario').fill('Agreguen los resultados con sus fuentes.');
		await page.getByRole('button', { name: 'Devolver a los autores' }).click();
		await expect.poll(() => page.getByText('Estado actual: Devuelta a sus autores').count()).toBe(1);
		await expect.poll(() => page.getByText('«Agreguen los resultados con sus fuentes.»').count()).toBe(1);
		await expectAccessible(page);

		// Nobody else learns it exists.
		const anonymous = await (await newContext(browser)).newPage();
		expect((await anonymous.goto(new URL(page.url()).pathname))?.status()).toBe(404);
	});
});
