import { randomBytes } from 'node:crypto';
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

	it('keeps at most its number of entries, forgetting the least recently used', async () => {
		const cache = new ResponseCache(2, 1024 * 1024);
		await cache.store('/1', page('one', 'public, max-age=60'));
		await cache.store('/2', page('two', 'public, max-age=60'));
		cache.get('/1', false);
		await cache.store('/3', page('three', 'public, max-age=60'));
		expect(cache.size).toBe(2);
		expect(cache.get('/2', false)).toBeUndefined();
		expect(await cache.get('/1', false)?.text()).toBe('one');
		expect(await cache.get('/3', false)?.text()).toBe('three');
	});

	it('counts the compressed copies in its byte bound', async () => {
		// Text that compresses badly, so each gzipped copy is about as large as its body.
		const noise = () => randomBytes(2250).toString('base64');
		const cache = new ResponseCache(100, 10_000);
		await cache.store('/a', page(noise(), 'public, max-age=60'));
		await cache.store('/b', page(noise(), 'public, max-age=60'));
		expect(cache.byteSize).toBe(6000);
		cache.get('/a', true);
		cache.get('/b', true);
		expect(cache.byteSize).toBeLessThanOrEqual(10_000);
		expect(cache.size).toBe(1);
		expect(cache.get('/b', true)?.headers.get('content-encoding')).toBe('gzip');
	});

	it('counts a response stored again under the same key once', async () => {
		const cache = new ResponseCache();
		for (let i = 0; i < 5; i++) await cache.store('/same', page('x'.repeat(100), 'public, max-age=60'));
		expect(cache.size).toBe(1);
		expect(cache.byteSize).toBe(100);
		cache.clear();
		expect(cache.byteSize).toBe(0);
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
