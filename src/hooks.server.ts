import { randomUUID } from 'node:crypto';
import { building } from '$app/environment';
import { getRequestEvent } from '$app/server';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { configureAuth, getAuth } from '$lib/server/accounts';
import { startApplication } from '$lib/server/bootstrap';
import { ConfigError } from '$lib/server/config';
import { DatabaseLockedError } from '$lib/server/db/client';
import type { Locale } from '$lib/server/context';
import { negotiateLocale, translate } from '$lib/server/i18n';
import { ResponseCache, compressResponse } from '$lib/server/http/response-cache';
import { logger } from '$lib/server/logger';
import { loadActor } from '$lib/server/roles';

/** Opens the database, migrates and loads reference data before the first request is served. */
export const init: ServerInit = async () => {
	if (building) return;
	configureAuth([sveltekitCookies(getRequestEvent)]);
	let app: Awaited<ReturnType<typeof startApplication>>;
	try {
		app = await startApplication();
	} catch (error) {
		// A bad variable or a locked data directory is the operator's to fix: say so plainly, without a stack trace.
		if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
			console.error(error.message);
			process.exit(1);
		}
		throw error;
	}
	// adapter-node emits this after it stopped accepting connections and in-flight requests finished.
	process.once('sveltekit:shutdown', (reason) => {
		logger.info({ reason }, 'shutting down');
		app.stop().then(
			() => logger.info('database closed'),
			(error: unknown) => logger.error({ err: error }, 'error while closing the database')
		);
	});
};

const handleRequestId: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : randomUUID();
	event.locals.actor = null;
	event.locals.locale = 'es';
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('x-request-id', event.locals.requestId);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-frame-options', 'DENY');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	response.headers.set('cross-origin-opener-policy', 'same-origin');
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
	}
	logger.info(
		{
			requestId: event.locals.requestId,
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			ms: Math.round(performance.now() - started)
		},
		'request'
	);
	return response;
};

const sharedCache = new ResponseCache();
const SESSION_COOKIE = 'cabildo.session_token';

// Anonymous GETs of public pages and API answers are served from a short-lived in-process cache; everything
// else is marked private. Text responses are gzipped for clients that accept it (slow rural links).
const handleSharedCache: Handle = async ({ event, resolve }) => {
	const headers = event.request.headers;
	const personal = !!headers.get('cookie')?.includes(SESSION_COOKIE) || headers.has('authorization');
	const acceptsGzip = /\bgzip\b/.test(headers.get('accept-encoding') ?? '');
	const api = event.url.pathname.startsWith('/api/');
	const key =
		!personal && event.request.method === 'GET'
			? `${event.url.pathname}${event.url.search}|${api ? negotiateLocale(event.url.searchParams.get('lang'), headers.get('accept-language')) : ''}`
			: undefined;
	if (key) {
		const hit = sharedCache.get(key, acceptsGzip);
		if (hit) return hit;
	}
	let response = await resolve(event);
	if (personal) response.headers.set('cache-control', 'private, no-store');
	else if (key) response = await sharedCache.store(key, response);
	if (api) response.headers.append('vary', 'Accept-Language');
	return compressResponse(response, acceptsGzip);
};

const handleParaglide: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		event.locals.locale = locale as Locale;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html.replace('%paraglide.lang%', locale).replace('%paraglide.dir%', getTextDirection(locale))
		});
	});

const anonymousPaths = /^\/(healthz|readyz|_app\/|favicon|robots\.txt)/;

const handleSession: Handle = async ({ event, resolve }) => {
	if (!anonymousPaths.test(event.url.pathname) && event.request.headers.get('cookie')?.includes('cabildo.session_token')) {
		const session = await getAuth().api.getSession({ headers: event.request.headers });
		if (session) event.locals.actor = await loadActor(session.user);
	}
	return resolve(event);
};

export const handle: Handle = sequence(handleRequestId, handleSharedCache, handleParaglide, handleSession);

/** Unexpected errors are logged with the request id and shown as a translated generic message. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const requestId = event.locals.requestId;
	if (status >= 500) logger.error({ err: error, requestId, path: event.url.pathname }, 'unhandled error');
	const locale = event.locals.locale ?? 'es';
	return {
		message: translate(status === 404 ? 'error_not_found' : 'error_internal', locale),
		requestId
	};
};
