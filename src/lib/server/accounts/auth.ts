import type { BetterAuthPlugin } from 'better-auth';
import { betterAuth } from 'better-auth/minimal';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { getConfig } from '../config';
import { getDb } from '../db';
import { account, session, user, verification } from '../db/schema';
import { logger } from '../logger';
import { sendAccountExistsMail, sendPasswordResetMail, sendVerificationMail } from './mails';

function buildAuth(plugins: BetterAuthPlugin[]) {
	const config = getConfig();
	return betterAuth({
		baseURL: config.origin,
		secret: config.authSecret,
		database: drizzleAdapter(getDb(), { provider: 'pg', schema: { user, session, account, verification } }),
		emailAndPassword: {
			enabled: true,
			requireEmailVerification: true,
			minPasswordLength: 10,
			maxPasswordLength: 128,
			revokeSessionsOnPasswordReset: true,
			resetPasswordTokenExpiresIn: 60 * 60,
			// Better Auth answers a sign-up for a known address like a new one; the owner gets a notice instead.
			onExistingUserSignUp: async ({ user: existing }) => {
				await sendAccountExistsMail(existing);
			},
			sendResetPassword: async ({ user: target, token }) => {
				await sendPasswordResetMail(target, token);
			}
		},
		emailVerification: {
			sendOnSignUp: true,
			sendOnSignIn: true,
			autoSignInAfterVerification: false,
			expiresIn: 24 * 60 * 60,
			sendVerificationEmail: async ({ user: target, token }) => {
				await sendVerificationMail(target, token);
			}
		},
		session: { expiresIn: 30 * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
		// Our own database-backed limits cover the account forms (src/lib/server/rate-limit).
		rateLimit: { enabled: false },
		advanced: {
			cookiePrefix: 'cabildo',
			useSecureCookies: config.origin.startsWith('https://'),
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' }
		},
		logger: {
			log: (level, message) => {
				if (level === 'error') logger.error({ component: 'auth' }, message);
				else logger.debug({ component: 'auth' }, message);
			}
		},
		plugins
	});
}

export type Auth = ReturnType<typeof buildAuth>;

let instance: Auth | undefined;
let extraPlugins: BetterAuthPlugin[] = [];

/** Sets plugins (the SvelteKit cookie bridge) before the first use of the auth instance. */
export function configureAuth(plugins: BetterAuthPlugin[]): void {
	extraPlugins = plugins;
	instance = undefined;
}

/** The Better Auth instance over the open database, created on first use. */
export function getAuth(): Auth {
	instance ??= buildAuth(extraPlugins);
	return instance;
}

/** Drops the instance so the next call rebuilds it over the current database (tests switch databases). */
export function resetAuth(): void {
	instance = undefined;
}
