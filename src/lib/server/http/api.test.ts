import { describe, expect, it } from 'vitest';
import { readQuery } from './api';

describe('readQuery', () => {
	it('decodes parameters, keeping the first of repeated keys', () => {
		expect(readQuery(new URL('http://x/a?q=S%C3%A3o+Paulo&page=2&page=3'))).toEqual({ q: 'São Paulo', page: '2' });
	});
	it('names the parameter with invalid UTF-8', () => {
		expect(() => readQuery(new URL('http://x/a?page=1&q=%FF%FE'))).toThrowError(
			expect.objectContaining({ code: 'VALIDATION', fields: [{ field: 'q', messageKey: 'error_invalid_encoding' }] })
		);
	});
	it('accepts keys without values', () => {
		expect(readQuery(new URL('http://x/a?flag&q='))).toEqual({ flag: '', q: '' });
	});
});
