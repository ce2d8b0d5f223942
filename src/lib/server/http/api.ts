import { json, type RequestEvent } from '@sveltejs/kit';
import type { Locale } from '../context';
import { AppError } from '../errors/app-error';
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
