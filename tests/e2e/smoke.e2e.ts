// The smallest journey: the built server answers the home page, with its heading, and axe finds nothing.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchBrowser, newPage } from './harness';

let browser: Browser;

beforeAll(async () => {
	browser = await launchBrowser();
});

afterAll(async () => {
	await browser?.close();
});

describe('smoke', () => {
	it('serves the home page with a heading, and it passes axe', async () => {
		const page = await newPage(browser);
		const response = await page.goto('/');
		expect(response?.status()).toBe(200);
		expect(await page.locator('h1').count()).toBe(1);
		expect((await page.locator('h1').textContent())?.trim()).not.toBe('');
		await expectAccessible(page);
	});

	it('introduces every module with a way in, and fits a 360 px screen (issue 13)', async () => {
		const page = await newPage(browser);
		await page.setViewportSize({ width: 360, height: 740 });
		await page.goto('/');
		for (const [module, path] of [
			['Banco de experiencias', '/experiencias'],
			['Directorio de cooperación', '/directorio'],
			['Estadísticas locales', '/estadisticas'],
			['Nomenclátor', '/territorios']
		]) {
			const heading = page.getByRole('heading', { level: 3, name: module });
			expect(await heading.getByRole('link').getAttribute('href')).toBe(path);
		}
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await expectAccessible(page);
		await page.getByRole('heading', { level: 3, name: 'Estadísticas locales' }).getByRole('link').click();
		await page.waitForURL('**/estadisticas');
		await expectAccessible(page);
		await page.goto('/en');
		expect(await page.getByRole('heading', { level: 3, name: 'Cooperation directory' }).getByRole('link').getAttribute('href')).toBe('/en/directorio');
	});
});
