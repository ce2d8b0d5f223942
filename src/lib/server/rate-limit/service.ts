import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { z } from 'zod';
import { defineJob, handleJob, type JobHandler } from '../jobs';
import { admitAttempt, deleteBucket, deleteStaleBuckets, hitBucket, readBuckets } from './queries';

/** A limit: at most `limit` attempts per `windowSeconds`. */
export interface RateRule {
	name: string;
	limit: number;
	windowSeconds: number;
}

/** The limits on account actions, per client IP and per account (e-mail). Sign-in has its own: `signInThrottle`. */
export const rateRules = {
	signUpPerIp: { name: 'sign-up:ip', limit: 10, windowSeconds: 60 * 60 },
	resetPerIp: { name: 'reset:ip', limit: 10, windowSeconds: 60 * 60 },
	resetPerAccount: { name: 'reset:account', limit: 3, windowSeconds: 60 * 60 },
	verifyPerIp: { name: 'verify:ip', limit: 30, windowSeconds: 15 * 60 },
	questionPerAccount: { name: 'question:account', limit: 20, windowSeconds: 60 * 60 },
	serviceRequestPerAccount: { name: 'service-request:account', limit: 5, windowSeconds: 60 * 60 },
	serviceRequestPerIp: { name: 'service-request:ip', limit: 20, windowSeconds: 24 * 60 * 60 },
	reportPerAccount: { name: 'report:account', limit: 10, windowSeconds: 24 * 60 * 60 },
	correctionPerAccount: { name: 'correction:account', limit: 10, windowSeconds: 24 * 60 * 60 },
	// The current password asked again on the account page (address change, password change, deletion).
	passwordCheckPerAccount: { name: 'password-check:account', limit: 10, windowSeconds: 15 * 60 },
	emailChangePerAccount: { name: 'email-change:account', limit: 5, windowSeconds: 60 * 60 }
} satisfies Record<string, RateRule>;

/**
 * Counts an attempt against each rule and throws RATE_LIMITED (429, with Retry-After) when one is exceeded.
 * Counters live in the database so every server process shares them.
 */
export async function consumeRateLimits(
	checks: { rule: RateRule; subject: string }[],
	options: { db?: Executor; now?: Date } = {}
): Promise<void> {
	const db = options.db ?? getDb();
	const now = options.now ?? new Date();
	let retryAfter = 0;
	for (const { rule, subject } of checks) {
		const { count, windowStart } = await hitBucket(db, `${rule.name}:${subject.toLowerCase()}`, rule.windowSeconds, now);
		if (count > rule.limit) {
			const endsIn = Math.ceil((windowStart.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000);
			retryAfter = Math.max(retryAfter, endsIn, 1);
		}
	}
	if (retryAfter > 0) throw new AppError('RATE_LIMITED', { retryAfterSeconds: retryAfter });
}

/**
 * Sign-in slows down instead of locking out (issue 13 finding 11). A fixed limit per account let anyone lock a user
 * out with eight wrong passwords, and a limit per address locked out a whole municipal office behind one NAT. So:
 * - only failures count, and a success forgets them;
 * - the refusal is keyed by account and address together, so nobody's failures from elsewhere refuse a user's
 *   correct password; after `freeFailures` failures in a row the next attempt waits 1 s, then 2, 4, … up to
 *   `maxBackoffSeconds` after the latest one (an online guesser gets a few hundred tries a day, a user waits seconds);
 * - failures of an account from every address, and of an address on every account, slow the answer down (up to
 *   `maxDelayMs`) but never refuse it: guessing spread over many addresses, or many accounts, gets slower.
 */
export const signInThrottle = {
	freeFailures: 5,
	maxBackoffSeconds: 15 * 60,
	forgetAfterSeconds: 24 * 60 * 60,
	windowSeconds: 15 * 60,
	accountSlowAfter: 20,
	addressSlowAfter: 50,
	delayStepMs: 100,
	maxDelayMs: 2_000
} as const;

export interface SignInSubject {
	account: string;
	ip: string;
}

const signInKeys = ({ account, ip }: SignInSubject) => {
	const email = account.trim().toLowerCase();
	return { pair: `sign-in:pair:${email}|${ip}`, account: `sign-in:account-failures:${email}`, address: `sign-in:address-failures:${ip}` };
};

/** How long to hold an answer, given the failures of an account everywhere and of an address on every account. */
export function signInDelayMs(accountFailures: number, addressFailures: number, rules = signInThrottle): number {
	const over = Math.max(accountFailures - rules.accountSlowAfter, addressFailures - rules.addressSlowAfter, 0);
	return Math.min(over * rules.delayStepMs, rules.maxDelayMs);
}

/** The seconds an account and address wait after `failures` failures in a row (0 while they are free). */
export function signInBackoffSeconds(failures: number, rules = signInThrottle): number {
	return failures < rules.freeFailures ? 0 : Math.min(2 ** (failures - rules.freeFailures), rules.maxBackoffSeconds);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Lets a sign-in attempt go on, or throws RATE_LIMITED with the seconds until it may (the account's back-off from
 * this address). The attempt is counted as a failure before the password is checked, so parallel guesses cannot
 * slip past the back-off; `settleSignIn` forgets it when it succeeds. Holds the answer as `signInDelayMs` says,
 * without holding the server (a timer).
 */
export async function admitSignIn(
	subject: SignInSubject,
	options: { db?: Executor; now?: Date; wait?: (ms: number) => Promise<void> } = {}
): Promise<{ delayMs: number }> {
	const db = options.db ?? getDb();
	const now = options.now ?? new Date();
	const keys = signInKeys(subject);
	const admitted = await admitAttempt(db, keys.pair, { now, ...signInThrottle });
	if (admitted === null) {
		const bucket = (await readBuckets(db, [keys.pair])).get(keys.pair);
		const until = bucket ? bucket.windowStart.getTime() + signInBackoffSeconds(bucket.count) * 1000 : now.getTime();
		throw new AppError('RATE_LIMITED', { retryAfterSeconds: Math.max(Math.ceil((until - now.getTime()) / 1000), 1) });
	}
	const buckets = await readBuckets(db, [keys.account, keys.address]);
	const current = (key: string) => {
		const bucket = buckets.get(key);
		return bucket && bucket.windowStart.getTime() > now.getTime() - signInThrottle.windowSeconds * 1000 ? bucket.count : 0;
	};
	const delayMs = signInDelayMs(current(keys.account), current(keys.address));
	if (delayMs > 0) await (options.wait ?? pause)(delayMs);
	return { delayMs };
}

/** Records how an admitted attempt ended: a success forgets the failures in a row, a failure counts everywhere. */
export async function settleSignIn(subject: SignInSubject, succeeded: boolean, options: { db?: Executor; now?: Date } = {}): Promise<void> {
	const db = options.db ?? getDb();
	const now = options.now ?? new Date();
	const keys = signInKeys(subject);
	if (succeeded) {
		await deleteBucket(db, keys.pair);
		return;
	}
	await hitBucket(db, keys.account, signInThrottle.windowSeconds, now);
	await hitBucket(db, keys.address, signInThrottle.windowSeconds, now);
}

/** Forgets, every hour and once across servers, the counters whose window ended more than a day ago. */
export const forgetStaleRateLimitsJob = defineJob('rate-limit.forget-stale', z.object({}).loose(), { retryLimit: 1, retryDelaySeconds: 300 });

export const rateLimitJobHandlers: JobHandler[] = [
	handleJob(
		forgetStaleRateLimitsJob,
		async () => {
			// The longest window and the longest memory of failures are one day; two leave a margin.
			await deleteStaleBuckets(getDb(), new Date(Date.now() - 2 * 24 * 60 * 60 * 1000));
		},
		{ schedule: { cron: '17 * * * *' } }
	)
];
