import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Services name their messages by key (`messageKey: 'error_…'`, `message: 'error_…'`); each must exist in the catalogue.
describe('error message keys used by services', () => {
	it('are all in messages/es.json', () => {
		const catalogue = JSON.parse(readFileSync('messages/es.json', 'utf8')) as Record<string, string>;
		const used = new Set(
			execSync(`grep -rhoE "(messageKey|message): '(error|mail)_[a-z0-9_]+'" src/lib/server --include=*.ts`, { encoding: 'utf8' })
				.split('\n')
				.filter(Boolean)
				.map((match) => match.replace(/^.*'((error|mail)_[a-z0-9_]+)'$/, '$1'))
		);
		expect(used.size).toBeGreaterThan(10);
		expect([...used].filter((key) => !(key in catalogue))).toEqual([]);
	});
});

// Issue 13 finding 12: "Escriba como máximo undefined caracteres". A message with parameters must get every one of
// them wherever it is used, in all three languages.
describe('messages with parameters', () => {
	const catalogues = Object.fromEntries(['es', 'pt', 'en'].map((locale) => [locale, JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, string>]));
	const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
	const sources = execSync(`grep -rlE "message(Key)?: '(error|mail)_" src/lib/server --include=*.ts`, { encoding: 'utf8' })
		.split('\n')
		.filter((file) => file && !file.endsWith('.test.ts'))
		.map((file) => ({ file, text: readFileSync(file, 'utf8') }));

	it('name the same parameters in es, pt and en', () => {
		const differing = Object.keys(catalogues.es).filter((key) => {
			const wanted = [...placeholders(catalogues.es[key])].sort().join(',');
			return ['pt', 'en'].some((locale) => catalogues[locale][key] !== undefined && [...placeholders(catalogues[locale][key])].sort().join(',') !== wanted);
		});
		expect(differing).toEqual([]);
	});

	it('get them where a service names them: a field issue passes params, a Zod size check passes its limit', () => {
		const missing: string[] = [];
		for (const { file, text } of sources) {
			for (const match of text.matchAll(/messageKey: '((?:error|mail)_[a-z0-9_]+)'([^}]*)/g)) {
				const needed = placeholders(catalogues.es[match[1]] ?? '');
				needed.delete('field');
				if (needed.size && !/params:/.test(match[2])) missing.push(`${file}: ${match[1]} needs ${[...needed].join(', ')}`);
			}
			for (const match of text.matchAll(/(\.(max|min|length)\([^()]*\)?[^()]*,\s*)?\{ message: '((?:error|mail)_[a-z0-9_]+)' \}/g)) {
				const needed = placeholders(catalogues.es[match[3]] ?? '');
				needed.delete('field');
				// A size check's limit reaches the message as max (for .max) or min (for .min): see errors/zod.ts.
				if (match[2] === 'max') needed.delete('max');
				if (match[2] === 'min') needed.delete('min');
				if (needed.size) missing.push(`${file}: ${match[3]} needs ${[...needed].join(', ')}`);
			}
		}
		expect(sources.length).toBeGreaterThan(10);
		expect(missing).toEqual([]);
	});
});
