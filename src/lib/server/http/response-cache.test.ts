import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ResponseCache, compressResponse, publicMaxAge } from './response-cache';

const page = (body: string, cacheControl: string, status = 200) =>
	new Response(body, { status, headers: { 'content-type': 'text/html', 'cache-control': cacheControl } });

describe('ResponseCache', () => {
	it('answers a stored public response until it expires', async () => {
		const cache = new ResponseCache();
		const sent = await cache.store('/a', page('hello', 'public, max-age=60'), 1_000);
		expect(await sent.text()).toBe('hello');
		const hit = cache.get('/a', false, 30_000);
		expect(await hit?.text()).toBe('hello');
		expect(hit?.headers.get('age')).toBe('29');
		expect(cache.get('/a', false, 61_001)).toBeUndefined();
	});

	it('never stores private, uncacheable or failed responses', async () => {
		const cache = new ResponseCache();
		await cache.store('/p', page('x', 'private, max-age=60'));
		await cache.store('/n', page('x', 'no-store'));
		await cache.store('/e', page('x', 'public, max-age=60', 404));
		const withCookie = page('x', 'public, max-age=60');
		withCookie.headers.set('set-cookie', 'a=b');
		await cache.store('/c', withCookie);
		expect(cache.size).toBe(0);
	});

	it('serves a gzipped copy to clients that accept it', async () => {
		const cache = new ResponseCache();
		const html = '<p>municipio</p>'.repeat(200);
		await cache.store('/g', page(html, 'public, max-age=60'));
		const hit = cache.get('/g', true)!;
		expect(hit.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await hit.arrayBuffer())).toString()).toBe(html);
	});
});

describe('publicMaxAge', () => {
	it('reads max-age only from public responses', () => {
		expect(publicMaxAge(new Headers({ 'cache-control': 'public, max-age=300' }))).toBe(300);
		expect(publicMaxAge(new Headers({ 'cache-control': 'max-age=300' }))).toBe(0);
		expect(publicMaxAge(new Headers())).toBe(0);
	});
});

describe('compressResponse', () => {
	it('compresses large text for gzip clients and leaves the rest alone', async () => {
		const big = await compressResponse(new Response('a'.repeat(5000), { headers: { 'content-type': 'application/json' } }), true);
		expect(big.headers.get('content-encoding')).toBe('gzip');
		const small = await compressResponse(new Response('{}', { headers: { 'content-type': 'application/json' } }), true);
		expect(small.headers.get('content-encoding')).toBeNull();
		const refused = await compressResponse(new Response('a'.repeat(5000), { headers: { 'content-type': 'text/html' } }), false);
		expect(refused.headers.get('content-encoding')).toBeNull();
	});
});
