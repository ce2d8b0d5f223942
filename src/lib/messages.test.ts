import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Spanish is the source; Portuguese and English must be complete, with the same placeholders.
const load = (locale: string) => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, string>;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const source = load('es');

describe.each(['pt', 'en'])('messages/%s.json', (locale) => {
	const translated = load(locale);

	it('has every key of the Spanish catalogue and no other', () => {
		expect(Object.keys(translated).sort()).toEqual(Object.keys(source).sort());
	});

	it('keeps the placeholders of each message and leaves none empty', () => {
		for (const [key, text] of Object.entries(source)) {
			expect(placeholders(translated[key] ?? ''), `${locale}:${key}`).toEqual(placeholders(text));
			expect(translated[key]?.trim(), `${locale}:${key}`).toBeTruthy();
		}
	});
});

describe('code and catalogue', () => {
	it('uses no message key that the catalogue lacks', async () => {
		const { execSync } = await import('node:child_process');
		const used = new Set(
			execSync(`grep -rhoE "\\bm\\.[a-z0-9_]+\\(" src --include=*.svelte --include=*.ts`, { encoding: 'utf8' })
				.split('\n')
				.filter(Boolean)
				.map((call) => call.slice(2, -1))
		);
		const missing = [...used].filter((key) => !(key in source));
		expect(missing).toEqual([]);
	});
});
