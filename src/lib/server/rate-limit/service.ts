import { getDb, type Executor } from '../db';
import { AppError } from '../errors/app-error';
import { hitBucket } from './queries';

/** A limit: at most `limit` attempts per `windowSeconds`. */
export interface RateRule {
	name: string;
	limit: number;
	windowSeconds: number;
}

/** The limits on account actions, per client IP and per account (e-mail). */
export const rateRules = {
	signInPerIp: { name: 'sign-in:ip', limit: 30, windowSeconds: 15 * 60 },
	signInPerAccount: { name: 'sign-in:account', limit: 8, windowSeconds: 15 * 60 },
	signUpPerIp: { name: 'sign-up:ip', limit: 10, windowSeconds: 60 * 60 },
	resetPerIp: { name: 'reset:ip', limit: 10, windowSeconds: 60 * 60 },
	resetPerAccount: { name: 'reset:account', limit: 3, windowSeconds: 60 * 60 },
	verifyPerIp: { name: 'verify:ip', limit: 30, windowSeconds: 15 * 60 },
	questionPerAccount: { name: 'question:account', limit: 20, windowSeconds: 60 * 60 },
	serviceRequestPerAccount: { name: 'service-request:account', limit: 5, windowSeconds: 60 * 60 },
	serviceRequestPerIp: { name: 'service-request:ip', limit: 20, windowSeconds: 24 * 60 * 60 },
	reportPerAccount: { name: 'report:account', limit: 10, windowSeconds: 24 * 60 * 60 },
	correctionPerAccount: { name: 'correction:account', limit: 10, windowSeconds: 24 * 60 * 60 }
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
