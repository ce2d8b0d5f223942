import type { BetterAuthPlugin } from 'better-auth';
import { betterAuth } from 'better-auth/minimal';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { getConfig } from '../config';
import { getDb } from '../db';
import { recordAudit } from '../audit';
import { account, session, user, verification } from '../db/schema';
import { logger } from '../logger';
import { selectUserById } from './queries';
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
		// Password sign-ins are audited by the sign-in service; a provider's return (Better Auth's /callback/:id)
		// signs in and may link or create an account without it, so those are audited here.
		databaseHooks: {
			session: {
				create: {
					after: async (created, context) => {
						if (!context?.path?.startsWith('/callback/')) return;
						await recordAudit(getDb(), {
							actorId: created.userId,
							action: 'account.identity_sign_in',
							subjectType: 'account',
							subjectId: await emailOf(created.userId),
							details: { provider: context.params?.id ?? null, ip: created.ipAddress ?? null }
						});
					}
				}
			},
			account: {
				create: {
					after: async (created) => {
						if (created.providerId === 'credential') return;
						await recordAudit(getDb(), {
							actorId: created.userId,
							action: 'account.identity_linked',
							subjectType: 'account',
							subjectId: await emailOf(created.userId),
							details: { provider: created.providerId }
						});
					}
				}
			}
		},
		plugins: [...plugins, ...oidcPlugins()]
	});
}

/** The account's address: the audit log keys account events by it (as the sign-in service does). */
async function emailOf(userId: string): Promise<string> {
	return (await selectUserById(getDb(), userId))?.email.toLowerCase() ?? userId;
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
