// Creates (or promotes) an administrator: `npm run admin:create -- --email you@example.org [--name "…"] [--password "…"]`.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createAdministrator } from '../src/lib/server/accounts';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { DatabaseLockedError, openDatabase } from '../src/lib/server/db/client';
import { useDatabase } from '../src/lib/server/db';
import { migrateDatabase } from '../src/lib/server/db/migrate';
import { isAppError } from '../src/lib/server/errors/app-error';

const { values } = parseArgs({
	options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
	allowPositionals: false
});

if (!values.email) {
	console.error('Usage: npm run admin:create -- --email you@example.org [--name "Your Name"] [--password "at least 10 characters"]');
	process.exit(2);
}

const generated = !values.password && !process.env.CABILDO_ADMIN_PASSWORD;
const password = values.password ?? process.env.CABILDO_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');

try {
	const config = getConfig();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		useDatabase(database);
		await migrateDatabase(database);
		const result = await createAdministrator({ email: values.email, name: values.name ?? values.email.split('@')[0], password });
		console.log(`${result.created ? 'Created' : 'Updated'} administrator ${values.email.toLowerCase()} (user ${result.userId}).`);
		if (generated) console.log(`Generated password (shown once, change it after signing in): ${password}`);
	} finally {
		await database.close();
	}
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseLockedError) {
		console.error(error.message);
		process.exit(2);
	}
	if (isAppError(error)) {
		console.error(`Refused: ${error.fields.map((field) => `${field.field}: ${field.messageKey}`).join(', ') || error.code}`);
		process.exit(1);
	}
	throw error;
}
