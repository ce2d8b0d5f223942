import { describe, expect, it } from 'vitest';
import { safeNextPath } from './context';

describe('safeNextPath', () => {
	it.each([
		['/admin/usuarios?page=2', '/admin/usuarios?page=2'],
		['/pt/experiencias/abc#comentarios', '/pt/experiencias/abc#comentarios'],
		['/estadisticas?q=a%20b', '/estadisticas?q=a%20b']
	])('keeps the same-site path %s', (next, kept) => {
		expect(safeNextPath(next, '/cuenta')).toBe(kept);
	});

	// Issue 13 finding 1: `/\t/evil.example/phish` went out as it came, and a browser (which strips tabs, CR and LF)
	// went to http://evil.example/phish. Every variant a browser reads as another site falls back to the account page.
	it.each([
		'https://evil.example/',
		'//evil.example/',
		'/\\evil.example',
		'\\\\evil.example',
		'/\t/evil.example/phish',
		'/\r/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'\t//evil.example',
		' //evil.example',
		'/ /evil.example',
		'/\\/evil.example',
		'/%09/evil.example',
		'/%2F/evil.example',
		'%2F%2Fevil.example',
		'/%5Cevil.example',
		'javascript:alert(1)',
		'data:text/html,hi',
		'evil.example',
		'',
		'/' + 'a'.repeat(600)
	])('refuses %j', (next) => {
		expect(safeNextPath(next, '/cuenta')).toBe('/cuenta');
	});

	it('refuses nothing given', () => {
		expect(safeNextPath(null, '/cuenta')).toBe('/cuenta');
		expect(safeNextPath(undefined, '/cuenta')).toBe('/cuenta');
	});
});
