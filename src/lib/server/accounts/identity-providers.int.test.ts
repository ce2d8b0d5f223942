// Sign-in with an identity provider (issue 13), below the browser: the providers offered come from OIDC_PROVIDERS,
// a sign-in starts at the provider's authorization endpoint found by discovery (with PKCE and a state), an unknown
// provider is not found, and one whose discovery cannot be read is reported as unavailable rather than as a 500.
// The whole round trip through a real provider is the OIDC browser journey (tests/e2e).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadConfig } from '../config';
import { resetAuth } from './auth';
import { listIdentityProviders, startIdentitySignIn } from './identity-providers';

const ctx = { actor: null, locale: 'es' as const };
const origin = { ip: '192.0.2.10', headers: new Headers() };
const paths = { next: '/cuenta', failed: '/cuenta/entrar?error=identity' };

let issuerServer: Server;
let discoveryReads = 0;
const saved = process.env.OIDC_PROVIDERS;

beforeAll(async () => {
	// A provider that publishes only its discovery document: enough to start a sign-in.
	issuerServer = createServer((request, response) => {
		const base = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
		if (request.url === '/.well-known/openid-configuration') {
			discoveryReads++;
			response.setHeader('content-type', 'application/json');
			response.end(
				JSON.stringify({
					issuer: base,
					authorization_endpoint: `${base}/authorize`,
					token_endpoint: `${base}/token`,
					jwks_uri: `${base}/jwks`,
					userinfo_endpoint: `${base}/userinfo`,
					response_types_supported: ['code'],
					subject_types_supported: ['public'],
					id_token_signing_alg_values_supported: ['RS256'],
					code_challenge_methods_supported: ['S256']
				})
			);
			return;
		}
		response.statusCode = 404;
		response.end();
	});
	await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
	const up = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
	// Port 9 (discard) on loopback: nothing listens, so discovery fails at once.
	const down = 'http://127.0.0.1:9';
	process.env.OIDC_PROVIDERS = JSON.stringify([
		{ id: 'clave-test', name: 'ClaveÚnica de prueba', issuer: up, clientId: 'cabildo-test', clientSecret: 'a-secret-for-tests-only' },
		{ id: 'caido', name: 'Proveedor caído', issuer: down, clientId: 'cabildo-test', clientSecret: 'a-secret-for-tests-only' }
	]);
	reloadConfig();
	resetAuth();
});

afterAll(async () => {
	if (saved === undefined) delete process.env.OIDC_PROVIDERS;
	else process.env.OIDC_PROVIDERS = saved;
	reloadConfig();
	resetAuth();
	await new Promise<void>((resolve) => issuerServer.close(() => resolve()));
});

describe('identity providers', () => {
	it('offers the providers the operator listed, by id and name, and never their secrets', () => {
		const offered = listIdentityProviders();
		expect(offered).toEqual([
			{ id: 'clave-test', name: 'ClaveÚnica de prueba' },
			{ id: 'caido', name: 'Proveedor caído' }
		]);
		expect(JSON.stringify(offered)).not.toContain('secret');
	});

	it("starts a sign-in at the provider's authorization endpoint, with PKCE, a state and our callback", async () => {
		const address = new URL(await startIdentitySignIn(ctx, { provider: 'clave-test' }, origin, paths));
		expect(discoveryReads).toBeGreaterThan(0);
		expect(`${address.origin}${address.pathname}`).toBe(`http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}/authorize`);
		expect(address.searchParams.get('client_id')).toBe('cabildo-test');
		expect(address.searchParams.get('response_type')).toBe('code');
		expect(address.searchParams.get('code_challenge_method')).toBe('S256');
		expect(address.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(address.searchParams.get('state')).toBeTruthy();
		expect(address.searchParams.get('redirect_uri')).toMatch(/\/api\/auth\/oauth2\/callback\/clave-test$|\/api\/auth\/callback\/clave-test$/);
	});

	it('refuses a provider that is not listed as not found, and a malformed one as invalid input', async () => {
		await expect(startIdentitySignIn(ctx, { provider: 'google' }, origin, paths)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(startIdentitySignIn(ctx, { provider: 'x'.repeat(41) }, origin, paths)).rejects.toMatchObject({ code: 'VALIDATION' });
		await expect(startIdentitySignIn(ctx, {}, origin, paths)).rejects.toMatchObject({ code: 'VALIDATION' });
	});

	it('says a provider is unavailable when its discovery document cannot be read', async () => {
		await expect(startIdentitySignIn(ctx, { provider: 'caido' }, origin, paths)).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'provider', messageKey: 'error_identity_provider_unavailable' }]
		});
	});
});
