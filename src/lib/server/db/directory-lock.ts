import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Error raised when another live process holds the embedded database. */
export class DatabaseLockedError extends Error {}

// PGlite is one process; a second process opening the same directory would corrupt it.
/** Takes `dir`'s lock file for this process; returns how to release it. */
export function acquireDirectoryLock(dir: string): () => void {
	const lockFile = path.join(dir, '..', `${path.basename(dir)}.lock`);
	if (existsSync(lockFile)) {
		const pid = Number(readFileSync(lockFile, 'utf8').trim());
		if (pid && pid !== process.pid && isAlive(pid)) {
			throw new DatabaseLockedError(
				`The embedded database in ${dir} is in use by process ${pid}. Stop the server first (or run this through it).`
			);
		}
	}
	writeFileSync(lockFile, String(process.pid));
	return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
