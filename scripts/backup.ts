// `npm run backup [-- FILE]`: writes the whole database to one file (default cabildo-backup-<date>.<ext> here).
// PGlite: the data directory, gzipped (stop the server first: the embedded database is one process).
// PostgreSQL: pg_dump's custom format (the server may keep running; the dump is one consistent snapshot).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, getConfig } from '../src/lib/server/config';
import { BackupError, pgliteDirectory, writeBackup } from '../src/lib/server/db/backup';
import { DatabaseLockedError, openDatabase } from '../src/lib/server/db/client';

try {
	const config = getConfig();
	if (!config.databaseUrl) {
		const dir = pgliteDirectory(config.dataDir);
		if (!existsSync(dir) || readdirSync(dir).length === 0) throw new BackupError(`There is no embedded database in ${dir} (DATA_DIR=${config.dataDir}): nothing to back up.`);
	}
	const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
	const file = path.resolve(process.argv[2] ?? `cabildo-backup-${stamp}.${config.databaseUrl ? 'pgdump' : 'tar.gz'}`);
	const started = Date.now();
	const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
	try {
		const { format, bytes } = await writeBackup(database, file);
		console.log(`Backup written: ${file} (${format}, ${(bytes / 1e6).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s).`);
		console.log(`Restore it with: npm run restore -- ${file}`);
	} finally {
		await database.close();
	}
} catch (error) {
	if (error instanceof ConfigError || error instanceof DatabaseLockedError || error instanceof BackupError) {
		console.error(error.message);
		process.exit(error instanceof ConfigError ? 2 : 1);
	}
	throw error;
}
