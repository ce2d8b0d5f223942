import { describe, expect, it } from 'vitest';
import { contentDisposition, fileResponse, matchesEtag } from './download';

describe('contentDisposition', () => {
	it('never lets a path, a quote or a control character into the header', () => {
		const header = contentDisposition('../../etc/pa"ss\r\nwd.csv');
		expect(header).toBe(`attachment; filename="passwd.csv"; filename*=UTF-8''passwd.csv`);
	});

	it('keeps the exact name in filename* and an ASCII fallback', () => {
		expect(contentDisposition('Informe de gestión 2024.pdf')).toBe(
			`attachment; filename="Informe de gestion 2024.pdf"; filename*=UTF-8''Informe%20de%20gesti%C3%B3n%202024.pdf`
		);
	});
});

describe('fileResponse', () => {
	it('sends a download that is never sniffed, sandboxed and private by default', async () => {
		const response = fileResponse({ body: new Uint8Array([1, 2, 3]), contentType: 'application/pdf', fileName: 'a.pdf', etag: 'abc' });
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('content-length')).toBe('3');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toContain('sandbox');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(response.headers.get('etag')).toBe('"abc"');
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
	});
});

describe('revalidating a download', () => {
	const file = { body: new Uint8Array([1, 2, 3]), contentType: 'application/pdf', fileName: 'informe.pdf', etag: 'abc123' };

	it('answers 304 without the body when the client holds the same version', async () => {
		for (const header of ['"abc123"', 'W/"abc123"', '"other", "abc123"', '*']) {
			const response = fileResponse(file, { cacheControl: 'public, no-cache', ifNoneMatch: header });
			expect(response.status).toBe(304);
			expect(response.headers.get('etag')).toBe('"abc123"');
			expect(response.headers.get('cache-control')).toBe('public, no-cache');
			expect(await response.text()).toBe('');
		}
	});

	it('sends the file when the client holds another version or none', async () => {
		for (const header of ['"other"', 'abc123', null]) {
			const response = fileResponse(file, { cacheControl: 'public, no-cache', ifNoneMatch: header });
			expect(response.status).toBe(200);
			expect(new Uint8Array(await response.arrayBuffer())).toEqual(file.body);
		}
	});

	it('matches entity tags as RFC 9110 compares them for GET (weakly)', () => {
		expect(matchesEtag('W/"x"', 'x')).toBe(true);
		expect(matchesEtag('"y" , "x"', 'x')).toBe(true);
		expect(matchesEtag('"xx"', 'x')).toBe(false);
	});
});
