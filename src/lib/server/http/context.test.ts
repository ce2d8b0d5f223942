import { describe, expect, it } from 'vitest';
import { safeNextPath } from './context';

describe('safeNextPath', () => {
	it('keeps same-site paths', () => {
		expect(safeNextPath('/admin/usuarios?page=2', '/cuenta')).toBe('/admin/usuarios?page=2');
	});
	it('refuses other sites and protocol-relative URLs', () => {
		expect(safeNextPath('https://evil.example/', '/cuenta')).toBe('/cuenta');
		expect(safeNextPath('//evil.example/', '/cuenta')).toBe('/cuenta');
		expect(safeNextPath('/\\evil.example', '/cuenta')).toBe('/cuenta');
		expect(safeNextPath(null, '/cuenta')).toBe('/cuenta');
	});
});
