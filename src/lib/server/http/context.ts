import type { RequestEvent } from '@sveltejs/kit';
import type { ServiceContext } from '../context';
import type { RequestOrigin } from '../accounts';

/** The service context of a request: who, in which language, with which request id. */
export function contextOf(event: Pick<RequestEvent, 'locals'>): ServiceContext {
	return { actor: event.locals.actor, locale: event.locals.locale, requestId: event.locals.requestId };
}

/** Client address and headers, for rate limits and session metadata. */
export function originOf(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): RequestOrigin {
	return { ip: event.getClientAddress(), headers: event.request.headers };
}

// Any origin would do: only whether `next` stays on it matters.
const BASE = 'https://cabildo.invalid';

/**
 * A same-site path to return to after signing in; anything else falls back to the account page. `next` is resolved
 * with the URL parser, as a browser would (which drops tabs, CR and LF and reads a backslash as a slash), and kept
 * only when it stays on this origin and comes out of the parser unchanged; its decoded form must not start another
 * address either (`/%2F/evil.example`), in case anything after us decodes it.
 */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
	if (!next || next.length > 500 || !next.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return fallback;
	}
	const path = `${url.pathname}${url.search}${url.hash}`;
	if (url.origin !== BASE || path !== next) return fallback;
	let decoded: string;
	try {
		decoded = decodeURIComponent(url.pathname);
	} catch {
		return fallback;
	}
	// eslint-disable-next-line no-control-regex -- control characters are exactly what must not be there
	if (/^[/\\]{2}|^\/[\s\\/]|[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
	return path;
}
