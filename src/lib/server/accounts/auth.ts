import type { BetterAuthPlugin } from 'better-auth';
import { betterAuth } from 'better-auth/minimal';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
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
		// Sign-in with an identity provider links to an existing account only when both the provider and this
		// platform confirmed the address (Better Auth's defaults, kept explicit).
		account: { accountLinking: { enabled: true, requireLocalEmailVerified: true } },
		// A provider's return that cannot be matched to a sign-in started here (no state) lands on the sign-in page,
		// which says the provider did not sign the person in, instead of Better Auth's own error page.
		onAPIError: { errorURL: `${config.origin}/cuenta/entrar` },
		plugins: [...plugins, ...oidcPlugins()]
	});
}

/** The OpenID Connect providers of OIDC_PROVIDERS, over Better Auth's generic OAuth plugin (discovery, PKCE, ID token checked). */
function oidcPlugins(): BetterAuthPlugin[] {
	const providers = getConfig().oidcProviders;
	if (!providers.length) return [];
	return [
		genericOAuth({
			config: providers.map((provider) => ({
				providerId: provider.id,
				name: provider.name,
				discoveryUrl: `${provider.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
				requireIdTokenVerification: true,
				clientId: provider.clientId,
				clientSecret: provider.clientSecret,
				scopes: provider.scopes,
				pkce: true
			}))
		})
	];
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
