import type { Locale } from '../context';
import { AppError, isAppError } from '../errors/app-error';
import { translate } from '../i18n';

/** A field problem in the user's language. */
export interface TranslatedField {
	field: string;
	message: string;
}

/** The JSON error shape of every API answer: `{ error: { code, message, details } }`. */
export interface ErrorBody {
	error: { code: string; message: string; details: { fields?: TranslatedField[]; [key: string]: unknown } | null };
}

/** Normalises anything thrown into an AppError (unknown errors become INTERNAL). */
export function asAppError(error: unknown): AppError {
	return isAppError(error) ? error : new AppError('INTERNAL', { cause: error });
}

/** Translates the field issues of an error. */
export function translateFields(error: AppError, locale: Locale): TranslatedField[] {
	return error.fields.map((issue) => ({
		field: issue.field,
		message: translate(issue.messageKey, locale, { ...issue.params, field: issue.field })
	}));
}

/** Builds the translated JSON body of an error. */
export function toErrorBody(error: AppError, locale: Locale): ErrorBody {
	const fields = translateFields(error, locale);
	const details = error.code === 'INTERNAL' ? null : { ...(error.details ?? {}), ...(fields.length ? { fields } : {}) };
	return {
		error: {
			code: error.code,
			message: translate(`error_${error.code.toLowerCase()}`, locale),
			details: details && Object.keys(details).length ? details : null
		}
	};
}
