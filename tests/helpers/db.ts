// For integration tests that must know which engine they run on (say, to compare an EXPLAIN or an error text).
// Prefer tests that hold on both: the same files run on PGlite (integration) and PostgreSQL (integration-pg).
import { inject } from 'vitest';

/** The engine of the current integration project; usable at collection time, e.g. in `it.skipIf(...)`. */
export function testDatabaseKind(): 'pglite' | 'postgres' {
	const target = inject('integrationDatabase');
	if (!target) throw new Error('testDatabaseKind() is only available in the integration projects');
	return target.kind;
}
