import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors/app-error';
import { formFailure } from './forms';

const event = () => ({ locals: { locale: 'en' as const, requestId: 'r1', actor: null }, setHeaders: vi.fn() });

describe('formFailure', () => {
	it('returns the status, a translated summary and field messages, and keeps values except secrets', () => {
		const failure = formFailure(
			event(),
			new AppError('VALIDATION', { fields: [{ field: 'email', messageKey: 'error_email_invalid' }] }),
			{ email: 'nope', password: 'secret', token: 't', name: 'Ana' }
		);
		expect(failure.status).toBe(400);
		expect(failure.data.summary).toBe('Check the highlighted information.');
		expect(failure.data.fields).toEqual([{ field: 'email', message: 'Enter a valid email address, e.g. name@municipality.gov.' }]);
		expect(failure.data.values).toEqual({ email: 'nope', name: 'Ana' });
	});

	it('sends Retry-After with a 429', () => {
		const e = event();
		const failure = formFailure(e, new AppError('RATE_LIMITED', { retryAfterSeconds: 42 }), {});
		expect(failure.status).toBe(429);
		expect(e.setHeaders).toHaveBeenCalledWith({ 'retry-after': '42' });
	});

	it('hides unexpected errors behind a generic message', () => {
		const failure = formFailure(event(), new Error('database exploded at 10.0.0.3'), {});
		expect(failure.status).toBe(500);
		expect(failure.data.summary).not.toContain('10.0.0.3');
	});
});

describe('readForm', () => {
	it('keeps the first value of a field, and every value of a list field', async () => {
		const body = new URLSearchParams([['title', 'A'], ['title', 'B'], ['themes', 'housing'], ['themes', 'education']]);
		const request = new Request('http://x/', { method: 'POST', body });
		const { readForm } = await import('./forms');
		expect(await readForm(request, ['themes'])).toEqual({ title: 'A', themes: 'housing education' });
	});
});
