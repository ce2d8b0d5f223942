import { describe, expect, it } from 'vitest';
import { contentDisposition, fileResponse } from './download';

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
