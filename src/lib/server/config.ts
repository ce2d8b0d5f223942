import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Treats an empty variable as unset, so `FOO=` in a .env file does not fail validation. */
const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const EnvSchema = z.object({
	PORT: z.preprocess(
		(value) => (value === '' || value === undefined ? '3000' : value),
		z.coerce.number().int().min(1).max(65535)
	),
	ORIGIN: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
	DATA_DIR: z.preprocess((value) => (value === '' || value === undefined ? './data' : value), z.string()),
	DATABASE_URL: optionalString.pipe(
		z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional()
	),
	SMTP_URL: optionalString.pipe(
		z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional()
	),
	MAIL_FROM: z.preprocess(
		(value) => (value === '' || value === undefined ? 'Cabildo <no-reply@localhost>' : value),
		z.string().min(3)
	),
	AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
	// Read by adapter-node itself (seconds it waits for in-flight requests after SIGTERM); validated here so a typo
	// is named at start, and used for the app's own bound on shutdown.
	SHUTDOWN_TIMEOUT: z.preprocess(
		(value) => (value === '' || value === undefined ? '30' : value),
		z.coerce.number().int().min(0).max(3600)
	),
	METRICS_ALLOW: z.preprocess(
		(value) => (value === '' || value === undefined ? '127.0.0.1,::1' : value),
		z
			.string()
			.transform((list) => list.split(',').map((item) => item.trim()).filter(Boolean))
			.pipe(z.array(z.string().refine(isAddressOrCidr, 'must be a comma-separated list of IP addresses or CIDR ranges')))
	),
	METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
	// Identity providers the operator trusts for sign-in over OpenID Connect (a national digital identity such as
	// gov.br or ClaveÚnica, or an association's own): a JSON array, each with its issuer (discovery at
	// <issuer>/.well-known/openid-configuration), client id and secret, and the name shown on the sign-in page.
	OIDC_PROVIDERS: z.preprocess(
		(value) => (value === '' || value === undefined ? '[]' : value),
		z
			.string()
			.transform((text, ctx) => {
				try {
					return JSON.parse(text) as unknown;
				} catch {
					ctx.addIssue({ code: 'custom', message: 'must be a JSON array' });
					return z.NEVER;
				}
			})
			.pipe(
				z.array(
					z.object({
						id: z.string().regex(/^[a-z0-9-]{2,40}$/, 'id: 2 to 40 lower-case letters, digits or hyphens'),
						name: z.string().min(1).max(80),
						issuer: z.url({ protocol: /^https?$/ }),
						clientId: z.string().min(1),
						clientSecret: z.string().min(1),
						scopes: z.array(z.string()).default(['openid', 'email', 'profile'])
					})
				)
			)
	),
	LOG_LEVEL: z.preprocess(
		(value) => (value === '' || value === undefined ? 'info' : value),
		z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
	)
});

export interface AppConfig {
	port: number;
	origin: string;
	dataDir: string;
	databaseUrl: string | undefined;
	smtpUrl: string | undefined;
	mailFrom: string;
	authSecret: string;
	logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
	/** Seconds adapter-node lets in-flight requests run after SIGTERM before it closes their connections. */
	shutdownTimeoutSeconds: number;
	/** Addresses and CIDR ranges that may read /metrics without a token (default loopback). */
	metricsAllow: string[];
	/** Bearer token that opens /metrics from any address; unset, only METRICS_ALLOW counts. */
	metricsToken: string | undefined;
	/** OpenID Connect identity providers offered on the sign-in page (OIDC_PROVIDERS). */
	oidcProviders: OidcProvider[];
}

export interface OidcProvider {
	id: string;
	name: string;
	issuer: string;
	clientId: string;
	clientSecret: string;
	scopes: string[];
}

/** An IPv4 or IPv6 address, or one with a /prefix (CIDR). */
function isAddressOrCidr(item: string): boolean {
	const [address, prefix, ...rest] = item.split('/');
	const family = isIP(address);
	if (!family || rest.length) return false;
	if (prefix === undefined) return true;
	const bits = Number(prefix);
	return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/** Raised when an environment variable is invalid; its message names every bad variable. */
export class ConfigError extends Error {}

/** Validates the environment and returns the configuration, or throws a ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
		throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
	}
	const values = parsed.data;
	const dataDir = path.resolve(values.DATA_DIR);
	if (values.DATABASE_URL && !values.AUTH_SECRET) {
		throw new ConfigError(
			'Invalid configuration:\n  AUTH_SECRET: required when DATABASE_URL is set (at least 32 characters)'
		);
	}
	return {
		port: values.PORT,
		origin: values.ORIGIN ?? `http://localhost:${values.PORT}`,
		dataDir,
		databaseUrl: values.DATABASE_URL,
		smtpUrl: values.SMTP_URL,
		mailFrom: values.MAIL_FROM,
		authSecret: values.AUTH_SECRET ?? readOrCreateEmbeddedSecret(dataDir),
		logLevel: values.LOG_LEVEL,
		shutdownTimeoutSeconds: values.SHUTDOWN_TIMEOUT,
		metricsAllow: values.METRICS_ALLOW,
		metricsToken: values.METRICS_TOKEN,
		oidcProviders: values.OIDC_PROVIDERS
	};
}

/** In embedded mode the secret lives beside the data, so sessions survive restarts without setup. */
function readOrCreateEmbeddedSecret(dataDir: string): string {
	const file = path.join(dataDir, 'auth-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(32).toString('base64url');
	writeFileSync(file, secret + '\n', { mode: 0o600 });
	return secret;
}

let current: AppConfig | undefined;

/** Returns the process configuration, validating the environment on first use. */
export function getConfig(): AppConfig {
	current ??= parseConfig(process.env);
	return current;
}

/** Reads the environment again on the next getConfig() (for tests that change a variable after start-up). */
export function reloadConfig(): void {
	current = undefined;
}
