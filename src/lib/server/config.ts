import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
		logLevel: values.LOG_LEVEL
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
