import { describe, expect, it } from 'vitest';
import { ensureJsonApiError, isMalformedPath } from './api';

const event = (path: string, language = 'es') => ({ url: new URL(`http://localhost${path}`), request: new Request(`http://localhost${path}`, { headers: { 'accept-language': language } }) });

describe('isMalformedPath', () => {
	it.each([
		['/api/v1/%ZZ', true],
		['/api/v1/experiences/%E0%A4%A', true],
		['/api/v1/experiences/caf%C3%A9', false],
		['/api/v1/experiences', false]
	])('%s → %s', (path, malformed) => {
		expect(isMalformedPath(path)).toBe(malformed);
	});
});

describe('ensureJsonApiError', () => {
	it('turns an HTML error page for a malformed address into the JSON error shape, translated, with the field named', async () => {
		const html = new Response('<!doctype html><h1>Malformed URI</h1>', { status: 400, headers: { 'content-type': 'text/html', 'content-length': '38' } });
		const response = await ensureJsonApiError(event('/api/v1/%ZZ', 'pt'), html);
		expect(response.status).toBe(400);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(response.headers.get('content-length')).toBeNull();
		const body = await response.json();
		expect(body.error.code).toBe('VALIDATION');
		expect(body.error.details.fields).toEqual([{ field: 'path', message: 'O endereço tem caracteres mal codificados.' }]);
	});

	it('keeps the status and the allow header of a method no route takes', async () => {
		const text = new Response('DELETE method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
		const response = await ensureJsonApiError(event('/api/v1/experiences', 'en'), text);
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toBe('GET, HEAD');
		expect((await response.json()).error).toEqual({ code: 'METHOD_NOT_ALLOWED', message: 'This address does not accept that method.', details: null });
	});

	it('names a body over the limit, and an unexpected status as an internal error', async () => {
		expect((await (await ensureJsonApiError(event('/api/v1/experiences'), new Response('too big', { status: 413 }))).json()).error.code).toBe('PAYLOAD_TOO_LARGE');
		expect((await (await ensureJsonApiError(event('/api/v1/experiences'), new Response('teapot', { status: 418 }))).json()).error.code).toBe('INTERNAL');
	});

	it('leaves JSON answers and successes as they are', async () => {
		const json = new Response('{"error":{"code":"NOT_FOUND"}}', { status: 404, headers: { 'content-type': 'application/json' } });
		expect(await ensureJsonApiError(event('/api/v1/x'), json)).toBe(json);
		const ok = new Response('<feed/>', { status: 200, headers: { 'content-type': 'application/atom+xml' } });
		expect(await ensureJsonApiError(event('/api/v1/x'), ok)).toBe(ok);
	});
});
