// `npm run restore -- FILE`: brings a backup of `npm run backup` back into an empty target: the empty PostgreSQL
// database of DATABASE_URL, or a new DATA_DIR for the embedded database. A target that holds data is refused.
// Then start the server: it applies the migrations of a newer version, if any (docs/deploy.md, "Restore drill").
import path from 'node:path';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { BackupError, restoreBackup } from '../src/lib/server/db/backup';
import { DatabaseLockedError } from '../src/lib/server/db/client';

const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run restore -- FILE   (a file written by npm run backup)');
	process.exit(2);
}

try {
	const config = getConfig();
	const started = Date.now();
	const { format, target } = await restoreBackup(path.resolve(file), { databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	console.log(`Restored ${file} (${format}) into ${target} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseLockedError || error instanceof BackupError) {
		console.error(error.message);
		process.exit(error instanceof ConfigError ? 2 : 1);
	}
	throw error;
}
