// A real OpenID Connect provider for the tests (panva's oidc-provider, certified by the OpenID Foundation), on a free
// port of this machine, with one client: the app under test. Its development sign-in page accepts any login (here
// an e-mail address), and the person's claims say that address is confirmed — as a national digital identity would.
import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	stop: () => Promise<void>;
}

/** Starts the provider for an app at `appOrigin`, whose redirect URI is Better Auth's callback for `providerId`. */
export async function startTestIdentityProvider(appOrigin: string, providerId: string): Promise<TestIdentityProvider> {
	const server: Server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const issuer = `http://127.0.0.1:${port}`;
	const clientId = 'cabildo-test';
	const clientSecret = 'a-test-client-secret-of-enough-length';
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				// A loopback http address: allowed for a native client, as for the app under test on 127.0.0.1.
				application_type: 'native',
				redirect_uris: [`${appOrigin}/api/auth/callback/${providerId}`],
				grant_types: ['authorization_code'],
				response_types: ['code'],
				token_endpoint_auth_method: 'client_secret_post'
			}
		],
		claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
		findAccount: async (_ctx, sub) => ({
			accountId: sub,
			claims: async () => ({ sub, email: sub, email_verified: true, name: `Persona ${sub.split('@')[0]}` })
		}),
		features: { devInteractions: { enabled: true } },
		pkce: { required: () => true },
		// No silent consent screen left to chance: the development pages ask for a login and then "Continue".
		ttl: { Session: 600, Interaction: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 }
	});
	provider.proxy = false;
	server.on('request', provider.callback());
	return {
		issuer,
		clientId,
		clientSecret,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
