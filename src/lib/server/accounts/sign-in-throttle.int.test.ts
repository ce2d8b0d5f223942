// Issue 13 finding 11: anyone could lock a user out (eight attempts, successes included, then 429 even for the
// right password) and one busy address (a municipal office behind NAT) locked out everyone behind it.
import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueIp, uniqueToken } from '../../../../tests/factories';
import { listAuditEvents } from '../audit';
import { signInThrottle } from '../rate-limit';
import { signIn } from './service';

const ctx = { actor: null, locale: 'es' as const };
const from = (ip = uniqueIp()) => ({ ip, headers: new Headers() });
const at = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);
const noWait = async () => undefined;
const wrong = 'a wrong password';

async function fail(email: string, origin: ReturnType<typeof from>, now: Date) {
	await expect(signIn(ctx, { email, password: wrong }, origin, { now, wait: noWait })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
}

describe('sign-in throttling', () => {
	it('counts failures only: a user who signs in twenty times from one address is never refused', async () => {
		const person = await createUser();
		const origin = from();
		for (let attempt = 0; attempt < 20; attempt++) await expect(signIn(ctx, { email: person.email, password: person.password }, origin, { wait: noWait })).resolves.toBeUndefined();
	});

	it('never refuses the right password because of failures from another address', async () => {
		const person = await createUser();
		const attacker = from();
		const start = new Date();
		for (let attempt = 0; attempt < signInThrottle.freeFailures; attempt++) await fail(person.email, attacker, start);
		await expect(signIn(ctx, { email: person.email, password: wrong }, attacker, { now: start, wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
		await expect(signIn(ctx, { email: person.email, password: person.password }, from(), { now: start, wait: noWait })).resolves.toBeUndefined();
	});

	it('slows the same account from the same address down step by step (1 s, 2 s, 4 s …) instead of blocking it', async () => {
		const person = await createUser();
		const origin = from();
		const start = new Date();
		for (let attempt = 0; attempt < signInThrottle.freeFailures; attempt++) await fail(person.email, origin, start);
		await expect(signIn(ctx, { email: person.email, password: wrong }, origin, { now: start, wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
		await fail(person.email, origin, at(start, 1));
		await expect(signIn(ctx, { email: person.email, password: wrong }, origin, { now: at(start, 2), wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
		await fail(person.email, origin, at(start, 3));
		await expect(signIn(ctx, { email: person.email, password: person.password }, origin, { now: at(start, 4), wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 3 });
		// Once the wait is over the right password works, and it forgets the failures in a row.
		await expect(signIn(ctx, { email: person.email, password: person.password }, origin, { now: at(start, 7), wait: noWait })).resolves.toBeUndefined();
		for (let attempt = 0; attempt < signInThrottle.freeFailures; attempt++) await fail(person.email, origin, at(start, 8));
	});

	it('caps the wait, and forgets failures after a quiet day', async () => {
		const person = await createUser();
		const origin = from();
		let now = new Date();
		for (let attempt = 0; attempt < 20; attempt++) {
			await fail(person.email, origin, now);
			now = at(now, signInThrottle.maxBackoffSeconds);
		}
		await expect(signIn(ctx, { email: person.email, password: wrong }, origin, { now: at(now, -1), wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
		const later = at(now, signInThrottle.forgetAfterSeconds);
		for (let attempt = 0; attempt < signInThrottle.freeFailures; attempt++) await fail(person.email, origin, later);
	});

	it('holds the answers of one busy address (guesses on many accounts) but never refuses the right password there', async () => {
		const office = from();
		const now = new Date();
		for (let attempt = 0; attempt <= signInThrottle.addressSlowAfter; attempt++) await fail(`${uniqueToken()}@example.org`, office, now);
		const waits: number[] = [];
		const wait = async (ms: number) => void waits.push(ms);
		await expect(signIn(ctx, { email: `${uniqueToken()}@example.org`, password: wrong }, office, { now, wait })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		const person = await createUser();
		await expect(signIn(ctx, { email: person.email, password: person.password }, office, { now, wait })).resolves.toBeUndefined();
		expect(waits).toEqual([signInThrottle.delayStepMs, 2 * signInThrottle.delayStepMs]);
	});

	it('holds the answers for an account guessed at from many addresses, the right password included', async () => {
		const person = await createUser();
		const now = new Date();
		for (let attempt = 0; attempt < signInThrottle.accountSlowAfter + 30; attempt++) await fail(person.email, from(), now);
		const waits: number[] = [];
		await expect(signIn(ctx, { email: person.email, password: person.password }, from(), { now, wait: async (ms) => void waits.push(ms) })).resolves.toBeUndefined();
		expect(waits).toEqual([Math.min(30 * signInThrottle.delayStepMs, signInThrottle.maxDelayMs)]);
		// Past the window the account is quick again.
		const quiet: number[] = [];
		await fail(person.email, from(), at(now, signInThrottle.windowSeconds + 1));
		await expect(signIn(ctx, { email: person.email, password: person.password }, from(), { now: at(now, signInThrottle.windowSeconds + 2), wait: async (ms) => void quiet.push(ms) })).resolves.toBeUndefined();
		expect(quiet).toEqual([]);
	});

	it('audits a sign-in, a failure and a refusal, with the address', async () => {
		const person = await createUser();
		const origin = from();
		const now = new Date();
		await expect(signIn(ctx, { email: person.email, password: person.password }, origin, { now, wait: noWait })).resolves.toBeUndefined();
		for (let attempt = 0; attempt < signInThrottle.freeFailures; attempt++) await fail(person.email, origin, now);
		await expect(signIn(ctx, { email: person.email, password: wrong }, origin, { now, wait: noWait })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
		const admin = await createAdmin();
		const events = async (action: string) => (await listAuditEvents({ actor: admin, locale: 'es' }, { action, subject: person.email.toUpperCase() })).items;
		expect(await events('account.sign_in')).toMatchObject([{ actorId: person.id, details: { ip: origin.ip } }]);
		expect(await events('account.sign_in_failed')).toHaveLength(signInThrottle.freeFailures);
		expect(await events('account.sign_in_throttled')).toMatchObject([{ actorId: null, details: { ip: origin.ip, retryAfterSeconds: 1 } }]);
	});
});
