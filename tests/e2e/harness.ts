// Browser helpers for the journeys: Debian's Chromium driven by playwright-core, and an axe check per page.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Starts headless Chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

const withoutScript = new WeakSet<BrowserContext>();

// Each context is a different visitor with its own address (the server under test reads X-Forwarded-For), so the
// per-address rate limits apply per journey as they would per person, not to the whole test run.
let visitors = 0;
const visitorAddress = () => {
	visitors++;
	return `198.51.${(process.pid + visitors) % 250}.${visitors % 250}`;
};

/** A fresh browser context (own cookies and client address) pointed at the server under test. */
export async function newContext(browser: Browser, options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
	const context = await browser.newContext({
		baseURL: inject('baseURL'),
		javaScriptEnabled: options.javaScript ?? true,
		locale: 'es',
		extraHTTPHeaders: { 'x-forwarded-for': visitorAddress() }
	});
	if (options.javaScript === false) withoutScript.add(context);
	return context;
}

/** A page in its own fresh context (own cookies), with relative URLs resolved against the server under test. */
export async function newPage(browser: Browser, options: { javaScript?: boolean } = {}): Promise<Page> {
	return (await newContext(browser, options)).newPage();
}

/** Fails with a readable list when axe finds any WCAG 2.2 A/AA violation on the page. */
export async function expectAccessible(page: Page): Promise<void> {
	if (withoutScript.has(page.context())) return expectAccessibleSnapshot(page);
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	const violations = results.violations.map(
		(violation) => `${violation.id} (${violation.impact}): ${violation.help} → ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
	);
	expect(violations, `axe on ${page.url()}`).toEqual([]);
}

/** Opens a path and checks it answered 200 and passes axe. */
export async function visit(page: Page, path: string): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), `GET ${path}`).toBe(200);
	await expectAccessible(page);
}

// axe runs as a script, so a page seen without JavaScript is checked as a copy: the same HTML served at the
// same URL in a scripted page (styles load from the server, so contrast is judged as the visitor saw it).
async function expectAccessibleSnapshot(page: Page): Promise<void> {
	const browser = page.context().browser();
	if (!browser) throw new Error('no browser');
	const html = await page.content();
	const url = page.url();
	const context = await browser.newContext({ baseURL: inject('baseURL'), javaScriptEnabled: true, extraHTTPHeaders: { 'x-forwarded-for': visitorAddress() } });
	try {
		const copy = await context.newPage();
		await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
		await copy.goto(url);
		await expectAccessible(copy);
	} finally {
		await context.close();
	}
}
