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
});
