import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

const secret = 'x'.repeat(32);

describe('parseConfig', () => {
	it('applies the documented defaults', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-config-'));
		const config = parseConfig({ DATA_DIR: dataDir });
		expect(config).toMatchObject({ port: 3000, origin: 'http://localhost:3000', dataDir, logLevel: 'info', databaseUrl: undefined });
		// Embedded mode keeps a generated secret beside the data, the same on every start.
		expect(config.authSecret).toBe(readFileSync(path.join(dataDir, 'auth-secret'), 'utf8').trim());
		expect(parseConfig({ DATA_DIR: dataDir }).authSecret).toBe(config.authSecret);
	});

	it('treats empty variables as unset', () => {
		expect(parseConfig({ PORT: '', AUTH_SECRET: secret, DATA_DIR: os.tmpdir() }).port).toBe(3000);
	});

	it('names every bad variable', () => {
		expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', AUTH_SECRET: secret })).toThrowError(
			/PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/
		);
	});

	it('requires AUTH_SECRET with a database server', () => {
		expect(() => parseConfig({ DATABASE_URL: 'postgres://db/cabildo' })).toThrowError(/AUTH_SECRET: required when DATABASE_URL is set/);
		expect(() => parseConfig({ DATABASE_URL: 'postgres://db/cabildo', AUTH_SECRET: 'short' })).toThrowError(/AUTH_SECRET/);
	});
});

describe('OIDC_PROVIDERS', () => {
	const base = { AUTH_SECRET: 'x'.repeat(32) };
	it('reads the identity providers, with the OpenID scopes by default', () => {
		const providers = [{ id: 'gov-br', name: 'gov.br', issuer: 'https://sso.acesso.gov.br', clientId: 'c', clientSecret: 's' }];
		expect(parseConfig({ ...base, OIDC_PROVIDERS: JSON.stringify(providers) }).oidcProviders).toEqual([{ ...providers[0], scopes: ['openid', 'email', 'profile'] }]);
		expect(parseConfig(base).oidcProviders).toEqual([]);
	});

	it('names what is wrong: not JSON, a bad id, an issuer that is not a URL', () => {
		expect(() => parseConfig({ ...base, OIDC_PROVIDERS: '{nope' })).toThrow(/OIDC_PROVIDERS: must be a JSON array/);
		expect(() => parseConfig({ ...base, OIDC_PROVIDERS: JSON.stringify([{ id: 'Gov BR', name: 'x', issuer: 'https://a.example', clientId: 'c', clientSecret: 's' }]) })).toThrow(/OIDC_PROVIDERS\.0\.id/);
		expect(() => parseConfig({ ...base, OIDC_PROVIDERS: JSON.stringify([{ id: 'a-b', name: 'x', issuer: 'not a url', clientId: 'c', clientSecret: 's' }]) })).toThrow(/OIDC_PROVIDERS\.0\.issuer/);
	});
});
