import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirectoryLock, DatabaseLockedError } from './directory-lock';

const made: string[] = [];
function dataDir(): string {
	const root = mkdtempSync(path.join(os.tmpdir(), 'cabildo-lock-'));
	made.push(root);
	const dir = path.join(root, 'pgdata');
	mkdirSync(dir);
	return dir;
}
const lockOf = (dir: string) => path.join(dir, '..', 'pgdata.lock');

afterEach(() => {
	for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the embedded database directory lock', () => {
	it('writes this process id beside the directory and removes it on release', () => {
		const dir = dataDir();
		const release = acquireDirectoryLock(dir);
		expect(readFileSync(lockOf(dir), 'utf8')).toBe(String(process.pid));
		release();
		expect(existsSync(lockOf(dir))).toBe(false);
	});

	it('refuses a directory that a live process holds, naming it', () => {
		const dir = dataDir();
		// The parent of this test process is alive for the whole test.
		writeFileSync(lockOf(dir), String(process.ppid));
		expect(() => acquireDirectoryLock(dir)).toThrow(DatabaseLockedError);
		expect(() => acquireDirectoryLock(dir)).toThrow(String(process.ppid));
		expect(readFileSync(lockOf(dir), 'utf8')).toBe(String(process.ppid));
	});

	it('takes over the lock of a process that died (kill -9 leaves the file behind)', () => {
		const dir = dataDir();
		const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
		writeFileSync(lockOf(dir), dead.stdout);
		const release = acquireDirectoryLock(dir);
		expect(readFileSync(lockOf(dir), 'utf8')).toBe(String(process.pid));
		release();
	});
});
