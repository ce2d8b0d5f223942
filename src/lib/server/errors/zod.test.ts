import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from './app-error';
import { translate } from '../i18n';
import { parseInput, validationErrorFrom } from './zod';

const Schema = z.object({
	q: z.string().max(5).optional(),
	page: z.coerce.number().int().min(1),
	email: z.email({ message: 'error_email_invalid' })
});

describe('parseInput', () => {
	it('returns parsed data', () => {
		expect(parseInput(Schema, { page: '2', email: 'a@b.co' })).toEqual({ page: 2, email: 'a@b.co' });
	});

	it('names every bad field with a message key', () => {
		try {
			parseInput(Schema, { q: 'toolong', page: '-1', email: 'nope' });
			expect.unreachable();
		} catch (error) {
			expect(isAppError(error)).toBe(true);
			if (!isAppError(error)) return;
			expect(error.status).toBe(400);
			expect(error.fields).toEqual([
				{ field: 'q', messageKey: 'error_field_too_long', params: { max: 5 } },
				{ field: 'page', messageKey: 'error_field_too_small', params: { min: 1 } },
				{ field: 'email', messageKey: 'error_email_invalid' }
			]);
		}
	});
});

describe('a schema’s own message key on a size check', () => {
	it('still gets the limit, so the message never says "undefined" (issue 13 finding 12)', () => {
		const result = z.object({ q: z.string().max(200, { message: 'error_field_too_long' }) }).safeParse({ q: 'a'.repeat(201) });
		expect(result.success).toBe(false);
		const [field] = validationErrorFrom(result.error!).fields;
		expect(field).toEqual({ field: 'q', messageKey: 'error_field_too_long', params: { max: 200 } });
		for (const locale of ['es', 'pt', 'en'] as const) {
			const message = translate(field.messageKey, locale, field.params);
			expect(message).toContain('200');
			expect(message).not.toContain('undefined');
		}
	});
});
