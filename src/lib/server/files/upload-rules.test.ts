import { describe, expect, it } from 'vitest';
import { checkAttachment, cleanFileName, MAX_ATTACHMENT_BYTES } from './upload-rules';

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const exe = Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0, ...new Array(64).fill(0)]);
const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');

describe('checkAttachment', () => {
	it('accepts a PDF and an image by their bytes', async () => {
		expect(await checkAttachment('informe final.pdf', pdf)).toEqual({ ok: true, contentType: 'application/pdf', fileName: 'informe final.pdf' });
		expect(await checkAttachment('C:\\fotos\\plaza.PNG', png)).toEqual({ ok: true, contentType: 'image/png', fileName: 'plaza.PNG' });
	});

	it('refuses disguised, unknown, empty and oversized files', async () => {
		expect(await checkAttachment('informe.pdf', exe)).toEqual({ ok: false, reason: 'type_not_allowed' });
		expect(await checkAttachment('informe.pdf', html)).toEqual({ ok: false, reason: 'type_not_allowed' });
		expect(await checkAttachment('foto.pdf', png)).toEqual({ ok: false, reason: 'name_mismatch' });
		expect(await checkAttachment('sin-extension', pdf)).toEqual({ ok: false, reason: 'name_mismatch' });
		expect(await checkAttachment('vacio.pdf', new Uint8Array())).toEqual({ ok: false, reason: 'empty' });
		const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
		big.set(pdf);
		expect(await checkAttachment('grande.pdf', big)).toEqual({ ok: false, reason: 'too_large' });
	});

	it('keeps only a safe base name', () => {
		expect(cleanFileName('../../etc/passwd.pdf')).toBe('passwd.pdf');
		expect(cleanFileName('a"b<c>\u0007.pdf')).toBe('abc.pdf');
		expect(cleanFileName('')).toBe('archivo');
	});
});
