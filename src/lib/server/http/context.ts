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

/** A same-site path to return to after signing in; anything else falls back to the account page. */
export function safeNextPath(next: string | null | undefined, fallback: string): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 500) return fallback;
	return next;
}
