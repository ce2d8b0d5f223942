// `npm start`: builds the app when there is no current build, then serves it (adapter-node) on PORT, default 3000.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildStale } from './build-freshness.js';
import { serverEnvironment, serverFlags } from './server-flags.js';

// The heap flags and malloc's settings must be there when the process starts: this process replaces itself with one
// that has them (same pid, so npm, systemd and signals see no difference). Where execve does not exist (Windows) the
// server runs without them.
const flags = serverFlags();
const launched = flags.every((flag) => process.execArgv.includes(flag)) && Object.entries(serverEnvironment).every(([name, value]) => process.env[name] === value);
if (typeof process.execve === 'function' && !launched) {
	process.execve(process.execPath, [process.execPath, ...process.execArgv, ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { ...process.env, ...serverEnvironment });
}

process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// Statistics files are up to 64 MB (attachments 20 MB); a little more lets the services answer oversized files with
// their own message, and a larger body is cut off while it arrives and answered by the form as too big.
process.env.BODY_SIZE_LIMIT ||= '70M';

const entry = path.resolve('build/index.js');

const stale = isBuildStale(entry);
if (stale) {
	console.log(existsSync(entry) ? 'Sources changed since the last build: rebuilding…' : 'No build yet: building the app (about a minute)…');
	const result = spawnSync(process.execPath, [path.resolve('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(entry);
