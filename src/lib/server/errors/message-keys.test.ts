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
