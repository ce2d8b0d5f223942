// Whether build/ is older than what it is built from, for `npm start` (start.js), the benchmarks (bench/server.ts)
// and the browser tests (tests/setup/e2e-global.ts): each rebuilds then, so none ever serves yesterday's code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The build's inputs: sources, messages and static files (the generated paraglide folder excepted), and the config. */
const INPUT_DIRS = ['src', 'messages', 'static'];
const INPUT_FILES = ['package.json', 'vite.config.ts'];

/** The newest modification time (ms) among the build's inputs. */
export function newestBuildInput() {
	let newest = 0;
	/** @param {string} dir */
	const walk = (dir) => {
		for (const item of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, item.name);
			if (item.isDirectory()) {
				if (item.name !== 'paraglide') walk(full);
			} else newest = Math.max(newest, statSync(full).mtimeMs);
		}
	};
	for (const dir of INPUT_DIRS) if (existsSync(dir)) walk(dir);
	for (const file of INPUT_FILES) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
	return newest;
}

/**
 * True when the build entry is missing or older than its newest input.
 * @param {string} entry
 */
export function isBuildStale(entry) {
	return !existsSync(entry) || statSync(entry).mtimeMs < newestBuildInput();
}
