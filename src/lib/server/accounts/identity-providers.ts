// Sign-in with an identity provider over OpenID Connect (issue 13): the operator lists the providers it trusts in
// OIDC_PROVIDERS (config.ts); Better Auth's generic OAuth plugin does discovery, PKCE, the state cookie and the ID
// token check (auth.ts). A provider's confirmed address finds the account confirmed here with the same address and
// links to it; an address new here makes a member account, confirmed by the provider.
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { getConfig } from '../config';
import type { ServiceContext } from '../context';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { getAuth } from './auth';
import type { RequestOrigin } from './service';

/** The providers offered on the sign-in page: their id and the name the operator gave them. */
export function listIdentityProviders(): { id: string; name: string }[] {
	return getConfig().oidcProviders.map(({ id, name }) => ({ id, name }));
}

const ZStart = z.object({ provider: z.string().max(40) });

/**
 * Starts a sign-in with a provider: returns the provider's address to send the browser to. `next` (already checked
 * as a same-site path) is where Better Auth sends it back once signed in; `failed` where it lands if it is not.
 */
export async function startIdentitySignIn(ctx: ServiceContext, input: unknown, origin: RequestOrigin, paths: { next: string; failed: string }): Promise<string> {
	const { provider } = parseInput(ZStart, input);
	if (!listIdentityProviders().some((item) => item.id === provider)) throw new AppError('NOT_FOUND');
	try {
		const answer = await getAuth().api.signInSocial({ body: { provider, callbackURL: paths.next, errorCallbackURL: paths.failed, disableRedirect: true }, headers: origin.headers });
		if (!answer.url) throw new AppError('INTERNAL');
		return answer.url;
	} catch (error) {
		// The provider's discovery document could not be read, for one: say the provider is not available now.
		if (error instanceof APIError) throw new AppError('VALIDATION', { fields: [{ field: 'provider', messageKey: 'error_identity_provider_unavailable' }] });
		throw error;
	}
}

/** The provider's return to /api/auth/callback/<provider>: Better Auth checks the state and the code and signs in. */
export function handleIdentityCallback(request: Request): Promise<Response> {
	return getAuth().handler(request);
}
