import { randomUUID } from 'node:crypto';
import { building, dev } from '$app/environment';
import { getRequestEvent } from '$app/server';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { sveltekitCookies } from 'better-auth/svelte-kit';
import { getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { configureAuth, getAuth } from '$lib/server/accounts';
import { startApplication } from '$lib/server/bootstrap';
import { ConfigError, getConfig } from '$lib/server/config';
import { DatabaseLockedError } from '$lib/server/db/client';
import type { Locale } from '$lib/server/context';
import { negotiateLocale, translate } from '$lib/server/i18n';
import { ensureJsonApiError } from '$lib/server/http/api';
import { ResponseCache, compressResponse } from '$lib/server/http/response-cache';
import { logger } from '$lib/server/logger';
import { announcePublicChange, canSharePublicAnswers, onPublicChange, publicChangeGeneration } from '$lib/server/public-changes';
import { observeRequest } from '$lib/server/metrics';
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
	if (!dev) handleShutdown(app);
};

/**
 * SIGTERM/SIGINT (adapter-node, see docs/deploy.md "Upgrades"): adapter-node stops accepting connections at once and
 * lets in-flight requests finish (SHUTDOWN_TIMEOUT, 30 s, then it closes their connections); meanwhile the job queue
 * claims nothing more and its running attempts finish (20 s at most). Once both are done the database is closed and
 * the process exits. A last timer bounds the whole, so a stuck step cannot keep an old server alive during an upgrade.
 */
function handleShutdown(app: Awaited<ReturnType<typeof startApplication>>): void {
	const onSignal = (signal: NodeJS.Signals) => {
		logger.info({ signal }, 'shutdown requested: no new connections or jobs; finishing the ones in progress');
		void app.stopWork();
		const boundSeconds = getConfig().shutdownTimeoutSeconds + 30;
		setTimeout(() => {
			logger.error({ seconds: boundSeconds }, 'shutdown did not finish in time; exiting');
			process.exit(1);
		}, boundSeconds * 1000).unref();
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
	// adapter-node emits this after it stopped accepting connections and in-flight requests finished.
	process.once('sveltekit:shutdown', (reason) => {
		logger.info({ reason }, 'shutdown: requests finished, connections closed');
		app.stop().then(
			() => {
				logger.info({ reason }, 'stopped: requests and jobs finished, database closed');
				process.exit(0);
			},
			(error: unknown) => {
				logger.error({ err: error }, 'error while closing the database');
				process.exit(1);
			}
		);
	});
}

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
	const elapsed = performance.now() - started;
	observeRequest(event.route.id, event.request.method, response.status, elapsed / 1000);
	logger.info(
		{
			requestId: event.locals.requestId,
			method: event.request.method,
			path: event.url.pathname,
			status: response.status,
			ms: Math.round(elapsed)
		},
		'request'
	);
	return response;
};

const sharedCache = new ResponseCache();
onPublicChange(() => sharedCache.clear());

// Writes that never change what anonymous visitors see (one's own session, address, password, sessions, subscription;
// a new name or a deleted account does: names are shown with questions); every other
// successful write announces a public change, so a publication, moderation, edit or deletion purges every server's
// cache at once. Purging everything is deliberate: the cache is a one-minute micro-cache, writes are few, and a list
// of what each write affects (lists, feeds, territory pages, exports, the catalogue) would be one more thing to forget.
const PRIVATE_WRITES = new Set(['/cuenta/entrar', '/cuenta/salir', '/cuenta/registro', '/cuenta/olvido', '/cuenta/restablecer', '/cuenta/verificar', '/cuenta/suscripcion', '/suscripcion/baja', '/cuenta/correo', '/cuenta/correo/confirmar', '/cuenta/contrasena', '/cuenta/sesiones']);
const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
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
	const generation = publicChangeGeneration();
	let response = await resolve(event);
	if (personal) response.headers.set('cache-control', 'private, no-store');
	// Not stored when a change arrived while it rendered (it may show the old state), nor while this server cannot
	// hear of changes made on the others.
	else if (key && canSharePublicAnswers() && publicChangeGeneration() === generation) response = await sharedCache.store(key, response);
	if (isWrite(event.request.method) && response.status < 400 && !PRIVATE_WRITES.has(event.route.id ?? '')) {
		await announcePublicChange(`${event.request.method} ${event.route.id ?? event.url.pathname}`);
	}
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

const anonymousPaths = /^\/(healthz|readyz|metrics$|_app\/|favicon|robots\.txt)/;

const handleSession: Handle = async ({ event, resolve }) => {
	if (!anonymousPaths.test(event.url.pathname) && event.request.headers.get('cookie')?.includes('cabildo.session_token')) {
		const session = await getAuth().api.getSession({ headers: event.request.headers });
		if (session) event.locals.actor = await loadActor(session.user);
	}
	return resolve(event);
};

// Under /api/, the answers SvelteKit makes by itself (malformed address, method not allowed, error page) in JSON too.
const handleApiErrors: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	return event.url.pathname.startsWith('/api/') ? ensureJsonApiError(event, response) : response;
};

export const handle: Handle = sequence(handleRequestId, handleApiErrors, handleSharedCache, handleParaglide, handleSession);

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
