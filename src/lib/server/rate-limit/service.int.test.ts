import { describe, expect, it } from 'vitest';
import { uniqueToken } from '../../../../tests/factories';
import { consumeRateLimits, type RateRule } from './service';

const rule: RateRule = { name: 'test', limit: 3, windowSeconds: 60 };

describe('consumeRateLimits', () => {
	it('allows the limit, then refuses with the seconds left in the window', async () => {
		const subject = uniqueToken();
		const start = new Date('2026-01-01T10:00:00Z');
		for (let hit = 0; hit < 3; hit++) await consumeRateLimits([{ rule, subject }], { now: start });
		await expect(consumeRateLimits([{ rule, subject }], { now: new Date(start.getTime() + 20_000) })).rejects.toMatchObject({
			code: 'RATE_LIMITED',
			retryAfterSeconds: 40
		});
	});

	it('starts a new window once the old one has passed', async () => {
		const subject = uniqueToken();
		const start = new Date('2026-01-01T10:00:00Z');
		for (let hit = 0; hit < 3; hit++) await consumeRateLimits([{ rule, subject }], { now: start });
		await expect(consumeRateLimits([{ rule, subject }], { now: new Date(start.getTime() + 61_000) })).resolves.toBeUndefined();
	});

	it('counts each subject separately and is case-insensitive', async () => {
		const subject = uniqueToken();
		const now = new Date();
		for (let hit = 0; hit < 3; hit++) await consumeRateLimits([{ rule, subject: subject.toUpperCase() }], { now });
		await expect(consumeRateLimits([{ rule, subject }], { now })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
		await expect(consumeRateLimits([{ rule, subject: uniqueToken() }], { now })).resolves.toBeUndefined();
	});
});
