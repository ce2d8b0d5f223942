// For integration tests that must know which engine they run on (say, to compare an EXPLAIN or an error text), or
// need a database of their own on the PostgreSQL server. Prefer tests that hold on both: the same files run on
// PGlite (integration) and PostgreSQL (integration-pg).
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The engine of the current integration project; usable at collection time, e.g. in `it.skipIf(...)`. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
	const target = inject('integrationDatabase');
	if (!target) throw new Error('testDatabaseKind() is only available in the integration projects');
	return target.kind;
}

/**
 * Runs `work` with the URL of a new, empty database on the PostgreSQL server of TEST_DATABASE_URL, named
 * `cabildo_<purpose>_<random>` so that files running at once never meet, and dropped afterwards (`work` closes its
 * connections first). For what the shared test database cannot show: a first migration, a restore into nothing.
 */
export async function withScratchDatabase(purpose: string, work: (url: string) => Promise<void>): Promise<void> {
	const serverUrl = process.env.TEST_DATABASE_URL;
	if (!serverUrl) throw new Error('withScratchDatabase needs TEST_DATABASE_URL (the integration-pg project)');
	const { Client } = await import('pg');
	const name = `cabildo_${purpose}_${randomBytes(4).toString('hex')}`;
	const admin = new Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
		const url = new URL(serverUrl);
		url.pathname = `/${name}`;
		try {
			await work(url.toString());
		} finally {
			await admin.query(`drop database if exists ${name}`);
		}
	} finally {
		await admin.end();
	}
}
