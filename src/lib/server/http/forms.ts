import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { Locale } from '../context';
import { logger } from '../logger';
import { asAppError, translateFields, type TranslatedField } from './error-body';
import { translate } from '../i18n';

/** What a failed form action returns to its page: a summary, per-field messages and the values to refill. */
export interface FormFailure {
	summary: string;
	fields: TranslatedField[];
	values: Record<string, string>;
	retryAfterSeconds?: number;
}

/**
 * Reads a submitted form into plain strings (files are dropped). Fields named in `lists` may repeat
 * (checkboxes); their values are joined with spaces, which the services' list schemas split again.
 */
export async function readForm(request: Request, lists: readonly string[] = []): Promise<Record<string, string>> {
	const data = await request.formData();
	const values: Record<string, string> = {};
	for (const [key, value] of data) {
		if (typeof value !== 'string') continue;
		if (lists.includes(key)) values[key] = values[key] ? `${values[key]} ${value}` : value;
		else if (!(key in values)) values[key] = value;
	}
	return values;
}

/** Maps an error thrown by a service to `fail(status, …)` (with Retry-After on 429), never echoing passwords or tokens. */
export function formFailure(
	event: Pick<RequestEvent, 'locals' | 'setHeaders'>,
	thrown: unknown,
	values: Record<string, string>
): ActionFailure<FormFailure> {
	const error = asAppError(thrown);
	const locale: Locale = event.locals.locale;
	if (error.code === 'INTERNAL') logger.error({ err: thrown, requestId: event.locals.requestId }, 'form action failed');
	if (error.retryAfterSeconds) event.setHeaders({ 'retry-after': String(error.retryAfterSeconds) });
	const safeValues = Object.fromEntries(Object.entries(values).filter(([key]) => !/password|token/i.test(key)));
	return fail(error.status, {
		summary: translate(`error_${error.code.toLowerCase()}`, locale),
		fields: translateFields(error, locale),
		values: safeValues,
		...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {})
	});
}
