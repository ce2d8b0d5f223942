import { redirect } from '@sveltejs/kit';
import { startIdentitySignIn } from '$lib/server/accounts';
import { contextOf, originOf, safeNextPath } from '$lib/server/http/context';
import { localePrefix } from '$lib/server/i18n';
import { logger } from '$lib/server/logger';
import type { RequestHandler } from './$types';

/**
 * The sign-in page's "Sign in with …" links lead here: off to the provider, or back with why not. A link, not a
 * form: the pages' Content-Security-Policy lets forms go to this site only (form-action 'self'), which Chromium also
 * applies to the redirect after a submission; the state cookie and PKCE keep the start of the flow from being forged.
 */
export const GET: RequestHandler = async (event) => {
	const values = { provider: event.url.searchParams.get('provider') ?? '', next: event.url.searchParams.get('next') ?? '' };
	const prefix = localePrefix(event.locals.locale);
	let url: string;
	try {
		url = await startIdentitySignIn(contextOf(event), values, originOf(event), { next: safeNextPath(values.next, `${prefix}/cuenta`), failed: `${prefix}/cuenta/entrar` });
	} catch (error) {
		logger.warn({ err: error, requestId: event.locals.requestId }, 'identity provider sign-in could not start');
		redirect(303, `${prefix}/cuenta/entrar?proveedor=no-disponible`);
	}
	redirect(303, url);
};
