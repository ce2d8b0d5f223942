import type { z } from 'zod';
import { AppError, type FieldIssue } from './app-error';

/** Turns a Zod failure into a VALIDATION AppError with one translated-message key per field. */
export function validationErrorFrom(error: z.ZodError): AppError {
	const seen = new Set<string>();
	const fields: FieldIssue[] = [];
	for (const issue of error.issues) {
		const field = issue.path.map(String).join('.') || 'input';
		if (seen.has(field)) continue;
		seen.add(field);
		fields.push(issueToField(field, issue));
	}
	return new AppError('VALIDATION', { fields });
}

function issueToField(field: string, issue: z.core.$ZodIssue): FieldIssue {
	// A schema can name its own message key with `{ message: 'error_…' }`; it still gets the limit the issue knows
	// (a key such as error_field_too_long says "at most {max} characters": without it, "at most undefined").
	if (issue.message.startsWith('error_')) {
		const params = limitOf(issue);
		return params ? { field, messageKey: issue.message, params } : { field, messageKey: issue.message };
	}
	switch (issue.code) {
		case 'too_big':
			return issue.origin === 'string'
				? { field, messageKey: 'error_field_too_long', params: { max: Number(issue.maximum) } }
				: { field, messageKey: 'error_field_too_large', params: { max: Number(issue.maximum) } };
		case 'too_small':
			return issue.origin === 'string'
				? Number(issue.minimum) <= 1
					? { field, messageKey: 'error_field_required' }
					: { field, messageKey: 'error_field_too_short', params: { min: Number(issue.minimum) } }
				: { field, messageKey: 'error_field_too_small', params: { min: Number(issue.minimum) } };
		case 'invalid_type':
			return issue.input === undefined
				? { field, messageKey: 'error_field_required' }
				: { field, messageKey: 'error_field_invalid' };
		default:
			return { field, messageKey: 'error_field_invalid' };
	}
}

/** The limit a size issue carries, as the message parameters name it. */
function limitOf(issue: z.core.$ZodIssue): Record<string, number> | undefined {
	if (issue.code === 'too_big') return { max: Number(issue.maximum) };
	if (issue.code === 'too_small') return { min: Number(issue.minimum) };
	return undefined;
}

/** Parses input with a schema, throwing a VALIDATION AppError on failure; empty form and query values count as absent. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(withoutEmptyStrings(input));
	if (!result.success) throw validationErrorFrom(result.error);
	return result.data;
}

function withoutEmptyStrings(input: unknown): unknown {
	if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
	return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== ''));
}
