import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, launchBrowser, newContext, newPage, visit } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

async function signIn(page: Page, email: string, password: string) {
	await visit(page, '/cuenta/entrar');
	await page.getByLabel('Correo electrónico').fill(email);
	await page.getByLabel('Contraseña').fill(password);
	await page.getByRole('button', { name: 'Entrar' }).click();
	await page.waitForURL('**/cuenta');
}

describe('a newcomer', () => {
	it('signs up, confirms through the outbox, signs in, finds a municipality and switches language', async () => {
		const email = `ana.${Date.now()}@example.org`;
		const password = 'una contraseña larga';

		const visitor = await (await newContext(browser)).newPage();
		await visit(visitor, '/');
		await visit(visitor, '/cuenta/registro');
		await visitor.getByLabel('Nombre').fill('Ana Pérez');
		await visitor.getByLabel('Correo electrónico').fill(email);
		await visitor.getByLabel('Contraseña', { exact: true }).fill(password);
		await visitor.getByLabel('Repita la contraseña').fill(password);
		await visitor.getByRole('button', { name: 'Crear cuenta' }).click();
		await expect.poll(() => visitor.getByRole('heading', { name: 'Revise su correo' }).count()).toBe(1);
		await expectAccessible(visitor);

		// The administrator reads the outbox and finds the confirmation link.
		const admin = await (await newContext(browser)).newPage();
		await signIn(admin, inject('adminEmail'), inject('adminPassword'));
		await visit(admin, `/admin/correo?to=${encodeURIComponent(email)}`);
		await admin.getByRole('link', { name: 'Confirme su correo en Cabildo' }).click();
		await expectAccessible(admin);
		const link = await admin.locator('pre.mail a').first().getAttribute('href');
		expect(link).toContain('/cuenta/verificar?token=');

		await visit(visitor, new URL(link!).pathname + new URL(link!).search);
		await expect.poll(() => visitor.getByText('Su dirección quedó confirmada').count()).toBe(1);
		await signIn(visitor, email, password);
		await expectAccessible(visitor);
		// A member is refused every page and endpoint of the administration.
		const someone = '00000000-0000-4000-8000-000000000000';
		for (const path of ['/admin', '/admin/usuarios', `/admin/usuarios/${someone}`, '/admin/auditoria', '/admin/correo', `/admin/correo/${someone}`, '/admin/trabajos', '/admin/taxonomia', '/admin/taxonomia/theme/housing']) {
			expect((await visitor.goto(path))?.status(), path).toBe(403);
		}
		const api = visitor.request;
		expect((await api.get('/api/v1/admin/audit')).status()).toBe(403);
		expect((await api.get(`/api/v1/admin/users/${someone}/roles`)).status()).toBe(403);
		expect((await api.post(`/api/v1/admin/users/${someone}/roles`, { data: { role: 'admin' } })).status()).toBe(403);
		expect((await api.delete(`/api/v1/admin/users/${someone}/roles/${someone}`)).status()).toBe(403);
		const grant = await api.post(`/api/v1/admin/users/${someone}/roles`, { data: { role: 'admin' } });
		expect((await grant.json()).error).toMatchObject({ code: 'FORBIDDEN', message: 'No tiene permiso para hacer esto.' });

		await visit(visitor, '/territorios');
		await visitor.getByLabel('Buscar un municipio').fill('sao paulo');
		await visitor.getByRole('button', { name: 'Buscar' }).click();
		await visitor.waitForURL('**/territorios/municipios?q=sao+paulo');
		await expectAccessible(visitor);
		await visitor.getByRole('link', { name: 'São Paulo', exact: true }).click();
		await visitor.waitForURL('**/territorios/municipios/BR-3550308');
		await expect.poll(() => visitor.getByRole('heading', { level: 1 }).textContent()).toBe('São Paulo');
		await expectAccessible(visitor);

		await visitor.getByRole('link', { name: 'Português' }).click();
		await visitor.waitForURL('**/pt/territorios/municipios/BR-3550308');
		expect(await visitor.locator('html').getAttribute('lang')).toBe('pt');
		await expectAccessible(visitor);
	});
});

describe('a reader of the data', () => {
	it('sees per country what is loaded and from where, at 360 px, and a municipality without population in no size band', async () => {
		const page = await newPage(browser);
		await page.setViewportSize({ width: 360, height: 800 });
		await visit(page, '/acerca-de-los-datos');
		await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Acerca de los datos');
		// The page keeps the screen's width: wide tables scroll inside their own captioned region.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		const units = page.getByRole('region', { name: 'Unidades, sistemas de códigos, población y coordenadas por país' });
		const uruguay = units.getByRole('row', { name: /^Uruguay/ });
		await expect.poll(() => uruguay.textContent()).toMatch(/112\s*municipios\s*GeoNames admin2\s*Ninguna\s*66/);
		await expect.poll(() => units.getByRole('row', { name: /^Colombia/ }).textContent()).toMatch(/1\.?102 \(2018\)/);
		await expect.poll(() => page.getByRole('region', { name: 'Fuentes y licencias por país' }).getByRole('row', { name: /^Puerto Rico/ }).textContent()).toContain(
			'Dominio público'
		);
		await expect.poll(() => page.getByRole('heading', { name: 'Conocidas, no cargadas' }).count()).toBe(1);
		await expect.poll(() => page.getByText('Bañado de Medina (Cerro Largo)').count()).toBe(1);

		await visit(page, '/en/acerca-de-los-datos');
		await expect.poll(() => page.getByText('Known, not loaded').count()).toBe(1);

		// Ansina (Uruguay) has no population: it says so instead of falling into the smallest band.
		await visit(page, '/territorios/municipios/UY-UY.18.03');
		await expect.poll(() => page.getByText('Ninguno: la población es desconocida').count()).toBe(1);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await visit(page, '/territorios/municipios/BR-3550308');
		await expect.poll(() => page.getByText('Más de 1 millón de habitantes').count()).toBe(1);
	});
});

describe('an administrator', () => {
	it('makes someone the official of a municipality, and the audit log shows it', async () => {
		const admin = await (await newContext(browser)).newPage();
		await signIn(admin, inject('adminEmail'), inject('adminPassword'));

		// The person signs up first (through the page, as anyone would).
		const email = `jose.${Date.now()}@example.org`;
		const person = await (await newContext(browser)).newPage();
		await person.goto('/cuenta/registro');
		await person.getByLabel('Nombre').fill('José Silva');
		await person.getByLabel('Correo electrónico').fill(email);
		await person.getByLabel('Contraseña', { exact: true }).fill('otra contraseña larga');
		await person.getByLabel('Repita la contraseña').fill('otra contraseña larga');
		await person.getByRole('button', { name: 'Crear cuenta' }).click();
		await expect.poll(() => person.getByRole('heading', { name: 'Revise su correo' }).count()).toBe(1);

		await visit(admin, '/admin');
		await visit(admin, `/admin/usuarios?q=${encodeURIComponent(email)}`);
		await admin.getByRole('link', { name: 'José Silva' }).click();
		await expectAccessible(admin);

		// A first attempt without the municipality is refused with the field named, and nothing is lost.
		await admin.getByLabel('Rol', { exact: true }).selectOption('municipal_official');
		await admin.getByRole('button', { name: 'Otorgar' }).click();
		await expect.poll(() => admin.getByText('Un funcionario municipal debe estar vinculado a un municipio.').count()).toBeGreaterThan(0);
		await expectAccessible(admin);

		await admin.getByLabel('Rol', { exact: true }).selectOption('municipal_official');
		await admin.getByRole('combobox', { name: 'Buscar un municipio por su nombre' }).fill('guadalajara');
		await admin.getByRole('option', { name: /Guadalajara Jalisco/ }).click();
		await admin.getByRole('button', { name: 'Otorgar' }).click();
		await expect.poll(() => admin.getByText('Rol otorgado.').count()).toBe(1);
		await expect.poll(() => admin.getByRole('cell', { name: /Funcionario\/a municipal · Guadalajara/ }).count()).toBe(1);

		await visit(admin, '/admin/auditoria?action=role.granted');
		await expect.poll(() => admin.getByRole('cell', { name: /MX-14039/ }).count()).toBeGreaterThan(0);
	});

	it('renames a theme in three languages, and the public vocabulary follows', async () => {
		const admin = await (await newContext(browser)).newPage();
		await signIn(admin, inject('adminEmail'), inject('adminPassword'));
		await visit(admin, '/admin/taxonomia');
		await admin.getByRole('link', { name: 'Editar housing' }).click();
		await admin.waitForURL('**/admin/taxonomia/theme/housing');
		await expectAccessible(admin);
		await admin.getByLabel('Nombre en inglés').fill('Housing and neighbourhoods');
		await admin.getByRole('button', { name: 'Guardar' }).click();
		await admin.waitForURL('**/admin/taxonomia?updated=housing');
		await expectAccessible(admin);
		const vocabulary = await (await admin.request.get('/api/v1/taxonomy?lang=en')).json();
		const social = vocabulary.areas.find((area: { code: string }) => area.code === 'social');
		expect(social.themes.find((theme: { code: string }) => theme.code === 'housing').label).toBe('Housing and neighbourhoods');
	});

	it('is the only one who can open the administration', async () => {
		const anonymous = await (await newContext(browser)).newPage();
		await anonymous.goto('/admin/usuarios');
		expect(new URL(anonymous.url()).pathname).toBe('/cuenta/entrar');
		const api = await anonymous.request.get('/api/v1/admin/audit');
		expect(api.status()).toBe(401);
		expect((await api.json()).error.code).toBe('UNAUTHENTICATED');
	});
});

describe('without JavaScript', () => {
	it('searches and shows form errors beside the fields, keeping what was typed', async () => {
		const page = await (await newContext(browser, { javaScript: false })).newPage();
		await visit(page, '/');
		await page.getByLabel('Buscar un municipio').fill('bogta');
		await page.getByRole('button', { name: 'Buscar' }).click();
		await page.waitForURL('**/territorios/municipios?q=bogta');
		await expect.poll(() => page.getByRole('link', { name: 'BOGOTÁ, D.C.' }).count()).toBe(1);
		await expectAccessible(page);

		// Country, then region: two plain GET submissions.
		await visit(page, '/territorios/municipios?q=sao');
		await page.getByLabel('País').selectOption('BR');
		await page.getByRole('button', { name: 'Buscar' }).click();
		await page.getByLabel('Región, estado, departamento o provincia').selectOption({ label: 'Amazonas' });
		await page.getByRole('button', { name: 'Buscar' }).click();
		await page.waitForURL('**/territorios/municipios?q=sao&country=BR&admin1=13');
		const regions = await page.locator('tbody tr td:nth-child(2)').allTextContents();
		expect(regions.length).toBeGreaterThan(0);
		expect(new Set(regions)).toEqual(new Set(['Amazonas']));
		await expectAccessible(page);

		await visit(page, '/en/cuenta/registro');
		await page.getByLabel('Name').fill('Sam');
		await page.getByLabel('Email').fill('not-an-address');
		await page.getByRole('button', { name: 'Create account' }).click();
		await expect.poll(() => page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
		expect(await page.getByLabel('Name').inputValue()).toBe('Sam');
		await expectAccessible(page);
	});
});
