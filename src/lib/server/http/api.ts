import { json, type RequestEvent } from '@sveltejs/kit';
import type { Locale } from '../context';
import { AppError, type ErrorCode } from '../errors/app-error';
import { negotiateLocale } from '../i18n';
import { logger } from '../logger';
import { asAppError, toErrorBody } from './error-body';

/** The API's language: `?lang=` first, then Accept-Language, then Spanish. */
export function apiLocale(event: Pick<RequestEvent, 'url' | 'request'>): Locale {
	return negotiateLocale(event.url.searchParams.get('lang'), event.request.headers.get('accept-language'));
}

/**
 * Reads query parameters into a plain object, refusing malformed percent-encoding (invalid UTF-8)
 * with the parameter named, instead of silently turning it into replacement characters.
 */
export function readQuery(url: URL): Record<string, string> {
	const values: Record<string, string> = {};
	const raw = url.search.startsWith('?') ? url.search.slice(1) : url.search;
	if (raw.length > 20_000) throw new AppError('VALIDATION', { fields: [{ field: 'query', messageKey: 'error_field_too_long', params: { max: 20000 } }] });
	for (const pair of raw.split('&')) {
		if (!pair) continue;
		const separator = pair.indexOf('=');
		const rawKey = separator < 0 ? pair : pair.slice(0, separator);
		const rawValue = separator < 0 ? '' : pair.slice(separator + 1);
		const key = safeDecode(rawKey.replace(/\+/g, ' ')) ?? rawKey;
		const value = safeDecode(rawValue.replace(/\+/g, ' '));
		if (value === undefined) {
			throw new AppError('VALIDATION', { fields: [{ field: key, messageKey: 'error_invalid_encoding' }] });
		}
		if (!(key in values)) values[key] = value;
	}
	return values;
}

function safeDecode(value: string): string | undefined {
	try {
		return decodeURIComponent(value);
	} catch {
		return undefined;
	}
}

/**
 * Runs one API handler: JSON on success (or the handler's own Response, for feeds and downloads), the translated
 * error shape on failure, never a stack trace.
 */
export async function handleApi<T>(
	event: RequestEvent,
	run: (locale: Locale) => Promise<T>,
	options: { status?: number; headers?: Record<string, string> } = {}
): Promise<Response> {
	const locale = apiLocale(event);
	try {
		const body = await run(locale);
		if (body instanceof Response) return body;
		if (options.status === 204) return new Response(null, { status: 204, headers: { 'content-language': locale } });
		return json(body, {
			status: options.status ?? 200,
			headers: { 'content-language': locale, ...options.headers }
		});
	} catch (thrown) {
		const error = asAppError(thrown);
		if (error.code === 'INTERNAL') {
			logger.error({ err: thrown, requestId: event.locals.requestId, path: event.url.pathname }, 'API error');
		}
		const headers: Record<string, string> = { 'content-language': locale };
		if (error.retryAfterSeconds) headers['retry-after'] = String(error.retryAfterSeconds);
		return json(toErrorBody(error, locale), { status: error.status, headers });
	}
}

/** Reads a JSON request body, refusing malformed JSON and bodies over 100 kB with a VALIDATION error. */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (text.length > 100_000) throw new AppError('VALIDATION', { fields: [{ field: 'body', messageKey: 'error_field_too_long', params: { max: 100000 } }] });
	try {
		const value: unknown = JSON.parse(text);
		if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
		return value as Record<string, unknown>;
	} catch {
		throw new AppError('VALIDATION', { fields: [{ field: 'body', messageKey: 'error_invalid_json' }] });
	}
}

// The code an error status SvelteKit or adapter-node answered by itself stands for (they know no AppError).
const codeOfStatus: Record<number, ErrorCode> = { 400: 'VALIDATION', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 429: 'RATE_LIMITED' };

/** Whether an address's path cannot be decoded (an invalid percent-encoding such as `%E0%A4%A`). */
export function isMalformedPath(pathname: string): boolean {
	try {
		// The result is used: the bundler drops a call to decodeURI whose value is ignored, as if it could not throw.
		return decodeURI(pathname).length < 0;
	} catch {
		return true;
	}
}

/**
 * Every answer under /api/ has the JSON error shape, also those our handlers never see: a malformed address, a method
 * no route takes, a body over the size limit, an error page. Answers already in JSON (or successful) pass unchanged;
 * the status and headers such as `allow` and `retry-after` are kept.
 */
export async function ensureJsonApiError(event: Pick<RequestEvent, 'url' | 'request'>, response: Response): Promise<Response> {
	if (response.status < 400 || (response.headers.get('content-type') ?? '').includes('json')) return response;
	const locale = apiLocale(event);
	const malformed = response.status === 400 && isMalformedPath(event.url.pathname);
	const error = malformed
		? new AppError('VALIDATION', { fields: [{ field: 'path', messageKey: 'error_invalid_address' }] })
		: new AppError(codeOfStatus[response.status] ?? 'INTERNAL');
	const headers = new Headers(response.headers);
	headers.set('content-type', 'application/json');
	headers.set('content-language', locale);
	headers.delete('content-length');
	headers.delete('content-encoding');
	await response.body?.cancel();
	return new Response(JSON.stringify(toErrorBody(error, locale)), { status: response.status, headers });
}
