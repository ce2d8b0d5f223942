// How the server process is launched (docs/decisions/0010-server-memory-budget.md): small young-generation
// semi-spaces always, and on PostgreSQL an old generation of 160 MB, so that V8 collects before garbage piles up and
// the process keeps to its 300 MB budget; with PGlite the database's own JavaScript needs more heap than that at
// start-up, so the embedded path gets no old-generation limit. glibc's malloc is told to keep its mmap threshold at
// 128 KB: by default it rises to the size of the largest block freed, after which the 20 MB buffers of an upload
// are carved from the heap and never given back to the system.

/** The Node flags for a server with this environment (DATABASE_URL set: PostgreSQL). */
export function serverFlags(env = process.env) {
	return env.DATABASE_URL ? ['--max-semi-space-size=4', '--max-old-space-size=160'] : ['--max-semi-space-size=4'];
}

/** Environment the server process needs from its start (read by the C library, so it cannot be set later). */
export const serverEnvironment = { MALLOC_MMAP_THRESHOLD_: '131072' };
