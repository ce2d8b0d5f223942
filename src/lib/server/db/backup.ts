// `npm run backup` and `npm run restore`: one file holds the whole database.
// - PGlite: the data directory as a gzipped tarball (PGlite's dumpDataDir), loaded back with loadDataDir.
// - PostgreSQL: pg_dump's custom format (-Fc), restored with pg_restore in one transaction.
// A restore only fills an empty target (a new DATA_DIR, a new database), so it can never mix two sites' data.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPglite, type OpenDatabase } from './client';

/** A backup or restore that cannot go ahead; the message tells the operator what to do. */
export class BackupError extends Error {}

export type BackupFormat = 'pglite' | 'pg_dump';

/** The embedded database's folder inside DATA_DIR. */
export function pgliteDirectory(dataDir: string): string {
	return path.join(dataDir, 'pgdata');
}

/** Writes the whole database to `file` (replaced atomically when it exists). */
export async function writeBackup(database: OpenDatabase, file: string): Promise<{ format: BackupFormat; bytes: number }> {
	const partial = `${file}.partial`;
	try {
		if (database.connection.kind === 'postgres') {
			await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', partial, '--dbname', database.connection.url]);
		} else {
			const tarball = await database.dump!('gzip');
			writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()), { mode: 0o600 });
		}
		renameSync(partial, file);
	} finally {
		rmSync(partial, { force: true });
	}
	return { format: database.kind === 'postgres' ? 'pg_dump' : 'pglite', bytes: statSync(file).size };
}

/** What a backup file holds, from its first bytes: pg_dump's custom format starts "PGDMP", a gzip file 1f 8b. */
export function backupFormatOf(file: string): BackupFormat {
	if (!existsSync(file)) throw new BackupError(`No backup file at ${file}.`);
	const head = Buffer.alloc(5);
	const fd = openSync(file, 'r');
	try {
		readSync(fd, head, 0, 5, 0);
	} finally {
		closeSync(fd);
	}
	if (head.toString('latin1') === 'PGDMP') return 'pg_dump';
	if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
	throw new BackupError(`${file} is not a Cabildo backup (neither a pg_dump custom-format file nor a PGlite data-directory dump).`);
}

/**
 * Restores `file` into an empty target: the PostgreSQL database at `databaseUrl`, or else a new PGlite data
 * directory in `dataDir`. Refuses a target that already holds data.
 */
export async function restoreBackup(file: string, target: { databaseUrl?: string; dataDir: string }): Promise<{ format: BackupFormat; target: string }> {
	const format = backupFormatOf(file);
	if (target.databaseUrl) {
		if (format !== 'pg_dump') {
			throw new BackupError(`${file} is a dump of an embedded (PGlite) database; unset DATABASE_URL and restore it into an empty DATA_DIR.`);
		}
		await assertEmptyPostgres(target.databaseUrl);
		await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--dbname', target.databaseUrl, file]);
		return { format, target: redact(target.databaseUrl) };
	}
	if (format !== 'pglite') {
		throw new BackupError(`${file} is a PostgreSQL dump (pg_dump); set DATABASE_URL to an empty database to restore it.`);
	}
	const dir = pgliteDirectory(target.dataDir);
	if (existsSync(dir) && readdirSync(dir).length > 0) {
		throw new BackupError(`${dir} is not empty: restore into a new DATA_DIR (or move this one away first). Nothing was changed.`);
	}
	const database = await openPglite(dir, new Blob([readFileSync(file)], { type: 'application/x-gzip' }));
	await database.close();
	return { format, target: dir };
}

/** An empty database: no table, view or sequence outside PostgreSQL's own schemas. */
async function assertEmptyPostgres(url: string): Promise<void> {
	const { Client } = await import('pg');
	const client = new Client({ connectionString: url });
	await client.connect().catch((error: unknown) => {
		throw new BackupError(`Cannot connect to ${redact(url)}: ${(error as Error).message}. Create the empty database first (createdb).`);
	});
	try {
		const result = await client.query<{ n: string }>(
			`select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
			 where c.relkind in ('r', 'p', 'v', 'm', 'S') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`
		);
		const objects = Number(result.rows[0]?.n ?? 0);
		if (objects > 0) {
			throw new BackupError(`The database ${redact(url)} is not empty (${objects} tables, views or sequences): restore into a new, empty database (createdb). Nothing was changed.`);
		}
	} finally {
		await client.end();
	}
}

/** Runs a PostgreSQL client program; a missing program or a failure becomes a BackupError that says why. */
function run(program: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		child.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				error.code === 'ENOENT'
					? new BackupError(
							`${program} was not found on PATH. Install the PostgreSQL client programs of your server's major version or newer ` +
								`(Debian/Ubuntu: apt install postgresql-client; macOS: brew install libpq) and run this again.`
						)
					: error
			);
		});
		child.once('close', (code) => {
			if (code === 0) resolve();
			else reject(new BackupError(`${program} failed (exit ${code}):\n${stderr.trim().split('\n').map(redact).join('\n')}`));
		});
	});
}

function redact(text: string): string {
	return text.replace(/\/\/([^:@/]+):[^@/]*@/g, '//$1:***@');
}
