import { gzipSync } from 'node:zlib';

/** A stored response: what it takes to answer the same anonymous request again without rendering. */
interface CachedResponse {
	status: number;
	headers: [string, string][];
	body: Uint8Array;
	gzipped?: Uint8Array;
	storedAt: number;
	expiresAt: number;
}

const MAX_ENTRIES = 1000;
const MAX_BYTES = 32 * 1024 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|xml|atom\+xml|ld\+json|javascript))/;

/**
 * A small in-process LRU of public responses (micro-caching): pages and API answers that are the same for
 * every anonymous visitor, marked by their route with `cache-control: public, max-age=N`, are rendered once
 * per N seconds instead of once per request. Signed-in requests never touch it.
 */
export class ResponseCache {
	private readonly entries = new Map<string, CachedResponse>();
	private bytes = 0;

	constructor(
		private readonly maxEntries = MAX_ENTRIES,
		private readonly maxBytes = MAX_BYTES
	) {}

	/** A fresh copy of the cached response, or undefined. */
	get(key: string, acceptsGzip: boolean, now = Date.now()): Response | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expiresAt <= now) {
			this.delete(key);
			return undefined;
		}
		this.entries.delete(key);
		this.entries.set(key, entry);
		const headers = new Headers(entry.headers);
		headers.set('age', String(Math.floor((now - entry.storedAt) / 1000)));
		headers.set('x-cache', 'hit');
		if (acceptsGzip && isCompressible(headers) && entry.body.length > 1024) {
			if (!entry.gzipped) {
				// The compressed copy is memory too: counted in the bound, so the cache never holds more than MAX_BYTES.
				entry.gzipped = gzipSync(entry.body);
				this.bytes += entry.gzipped.length;
				this.evictOverflow();
			}
			headers.set('content-encoding', 'gzip');
			headers.set('content-length', String(entry.gzipped.length));
			return new Response(entry.gzipped.slice(), { status: entry.status, headers });
		}
		headers.set('content-length', String(entry.body.length));
		return new Response(entry.body.slice(), { status: entry.status, headers });
	}

	/** Stores a response when it is a 200 marked public with a max-age; returns the response to send. */
	async store(key: string, response: Response, now = Date.now()): Promise<Response> {
		const ttl = publicMaxAge(response.headers);
		if (response.status !== 200 || !ttl || response.headers.has('set-cookie') || response.headers.has('content-encoding')) return response;
		const body = new Uint8Array(await response.arrayBuffer());
		const headers = [...response.headers].filter(([name]) => name !== 'content-length' && name !== 'x-request-id');
		this.delete(key);
		this.entries.set(key, { status: 200, headers, body, storedAt: now, expiresAt: now + ttl * 1000 });
		this.bytes += body.length;
		this.evictOverflow();
		return new Response(body, { status: 200, headers: response.headers });
	}

	/** Forgets every stored response (public content changed). */
	clear(): void {
		this.entries.clear();
		this.bytes = 0;
	}

	/** Number of stored responses. */
	get size(): number {
		return this.entries.size;
	}

	/** Bytes held: every stored body and its compressed copy. */
	get byteSize(): number {
		return this.bytes;
	}

	/** Forgets the least recently used responses until the cache is within its bounds. */
	private evictOverflow(): void {
		while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.delete(oldest);
		}
	}

	private delete(key: string): void {
		const entry = this.entries.get(key);
		if (entry) this.bytes -= entry.body.length + (entry.gzipped?.length ?? 0);
		this.entries.delete(key);
	}
}

/** Seconds a response may be shared for (`public` with `max-age`), or 0. */
export function publicMaxAge(headers: Headers): number {
	const value = headers.get('cache-control') ?? '';
	if (!/\bpublic\b/.test(value) || /\b(no-store|private|no-cache)\b/.test(value)) return 0;
	const match = /max-age=(\d+)/.exec(value);
	return match ? Number(match[1]) : 0;
}

/** Whether a response body is text worth compressing. */
export function isCompressible(headers: Headers): boolean {
	return COMPRESSIBLE.test(headers.get('content-type') ?? '');
}

/** Gzips a text response for a client that accepts it (pages are mostly repeated markup: ~4-8× smaller). */
export async function compressResponse(response: Response, acceptsGzip: boolean): Promise<Response> {
	if (!acceptsGzip || !response.body || response.headers.has('content-encoding') || !isCompressible(response.headers)) return response;
	if (/^attachment/.test(response.headers.get('content-disposition') ?? '')) {
		// Downloads are streamed (exports of any size): compress on the fly instead of buffering.
		const headers = new Headers(response.headers);
		headers.append('vary', 'Accept-Encoding');
		headers.set('content-encoding', 'gzip');
		headers.delete('content-length');
		return new Response(response.body.pipeThrough(new CompressionStream('gzip')), { status: response.status, statusText: response.statusText, headers });
	}
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('vary', 'Accept-Encoding');
	if (body.length <= 1024) return new Response(body, { status: response.status, statusText: response.statusText, headers });
	const gzipped = gzipSync(body);
	headers.set('content-encoding', 'gzip');
	headers.set('content-length', String(gzipped.length));
	return new Response(gzipped, { status: response.status, statusText: response.statusText, headers });
}
