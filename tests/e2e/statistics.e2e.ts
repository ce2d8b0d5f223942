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

describe('local statistics', () => {
	it('an editor defines an indicator, imports a semicolon-separated Latin-1 file and finds the values on the indicator page and in SDMX-CSV', async () => {
		const admin = await adminContext(browser);
		const editor = await createAccount(browser, admin.request, { name: 'Elena Editora', role: 'statistics_editor' });
		const page = await editor.context.newPage();
		const code = `POBREZA_${Array.from({ length: 6 }, () => 'BCDFGHJKLMNPQRSTVWXZ'[Math.floor(Math.random() * 20)]).join('')}`;

		await visit(page, '/estadisticas/indicadores/nuevo');
		await page.getByLabel('Código').fill(code);
		await page.getByLabel('Nombre (Español)').fill(`Pobreza por ingresos ${code}`);
		await page.getByLabel('Unidad', { exact: true }).fill('%');
		await page.getByLabel('Decimales a mostrar').fill('2');
		await page.getByRole('group', { name: 'Niveles territoriales' }).getByLabel('Región, estado o departamento').check();
		await page.getByLabel('Agregación de municipios a regiones y países').selectOption('weighted_mean');
		await page.getByLabel('Fuente', { exact: true }).fill('Encuesta CASEN, Ministerio de Desarrollo Social');
		await page.getByRole('button', { name: 'Guardar el indicador' }).click();
		await page.waitForURL(`**/estadisticas/indicadores/${code}`);
		await expectAccessible(page);

		await visit(page, '/estadisticas/importar');
		await page.getByLabel('Título').fill('Pobreza comunal CASEN');
		await page.getByLabel('Publicado por').fill('Ministerio de Desarrollo Social y Familia');
		await page.getByLabel('Archivo').setInputFiles({
			name: 'pobreza-comunal.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('Código;Comuna;2019;2020\n13101;Santiago;12,5;11,9\n13120;Ñuñoa;7,5;7,25\n13114;Las Condes;..;2,1\n', 'latin1')
		});
		await page.getByRole('button', { name: 'Subir y continuar' }).click();
		await page.waitForURL(/\/estadisticas\/conjuntos\/[0-9a-f-]{36}$/);
		await expectAccessible(page);

		await page.getByLabel('Forma del archivo').selectOption('wide');
		await page.getByLabel('Columna del código del territorio').selectOption('Código');
		await page.getByLabel('Indicador', { exact: true }).selectOption(code);
		await page.getByLabel('Nivel territorial').selectOption('municipality');
		await page.getByLabel('País de los códigos').selectOption('CL');
		await page.getByLabel('Separador decimal').selectOption(',');
		await page.getByRole('button', { name: 'Revisar el archivo' }).click();
		await expect.poll(() => page.getByText('Revisión sin problemas: 6 observaciones', { exact: false }).count()).toBe(1);
		expect(await page.getByRole('cell', { name: 'CL-13120' }).count()).toBeGreaterThan(0);
		await expectAccessible(page);

		await page.getByRole('button', { name: 'Importar', exact: true }).click();
		await expect.poll(async () => {
			await page.reload();
			return page.getByText('Importado', { exact: true }).count();
		}).toBe(1);
		expect(await page.getByRole('row', { name: /Nuevas\s+6/ }).count()).toBe(1);
		await expectAccessible(page);

		const anonymous = await (await newContext(browser)).newPage();
		await visit(anonymous, `/estadisticas/indicadores/${code}?period=2020&territory=CL-13120`);
		const ranking = anonymous.getByRole('table', { name: `Pobreza por ingresos ${code}, 2020` });
		expect(await ranking.getByRole('row', { name: /Santiago.*11,90/ }).count()).toBe(1);
		expect(await ranking.getByRole('row', { name: /Ñuñoa.*7,25/ }).count()).toBe(1);
		expect(await anonymous.getByText('puesto 2 de 3', { exact: false }).count()).toBe(1);
		// The region's value is the population-weighted mean of its communes that reported, with that coverage.
		await visit(anonymous, `/estadisticas/indicadores/${code}?level=admin1&period=2020`);
		expect(await anonymous.getByRole('row', { name: /Región Metropolitana de Santiago.*3 de 52 municipios informaron/ }).count()).toBe(1);
		const sdmx = await anonymous.request.get(`/estadisticas/indicadores/${code}/datos.sdmx.csv`);
		expect(sdmx.status()).toBe(200);
		const body = await sdmx.text();
		expect(body).toContain(`${code},CL-13120,2020,7.25`);
		expect(body).toContain(`${code},CL-13114,2019,,M`);
		await visit(anonymous, '/estadisticas');
		await visit(anonymous, '/territorios/municipios/CL-13120');
		expect(await anonymous.getByRole('link', { name: `Pobreza por ingresos ${code}` }).count()).toBe(1);
	});

	it('at 360 px every statistics page keeps the screen’s width, its tables scroll in their own region, and units are in the reader’s language', async () => {
		const page = await (await newContext(browser)).newPage();
		await page.setViewportSize({ width: 360, height: 800 });
		const paths = [
			'/estadisticas',
			'/estadisticas/indicadores/POPULATION',
			'/estadisticas/indicadores/POPULATION?level=admin1',
			'/estadisticas/indicadores/POPULATION?level=country',
			'/estadisticas/indicadores/INHABITANTS_PER_MUNICIPALITY?level=admin1',
			'/estadisticas/conjuntos',
			'/territorios/br',
			'/pt/estadisticas',
			'/en/estadisticas/indicadores/MUNICIPALITIES?level=country'
		];
		for (const path of paths) {
			await visit(page, path);
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(360);
		}
		// Each table sits in a named region; a wide one scrolls there, not the page.
		await visit(page, '/estadisticas');
		const region = page.getByRole('region', { name: /indicadores/ });
		expect(await region.count()).toBe(1);
		expect(await region.evaluate((element) => getComputedStyle(element).overflowX)).toBe('auto');
		expect(await page.getByRole('row', { name: /Población.*personas/ }).count()).toBeGreaterThanOrEqual(1);
		await visit(page, '/pt/estadisticas');
		expect(await page.getByRole('row', { name: /População.*pessoas.*Cadastro do Cabildo/ }).count()).toBeGreaterThanOrEqual(1);
	});
});
