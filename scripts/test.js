// `npm test`: unit and integration (PGlite) always; integration on PostgreSQL with TEST_DATABASE_URL;
// browser journeys when Chromium is installed. A tier that cannot run says so in one line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = ['unit', 'integration'];
if (process.env.TEST_DATABASE_URL) projects.push('integration-pg');
else console.log('integration-pg: skipped (set TEST_DATABASE_URL=postgres://… to run the integration tests on a PostgreSQL server)');

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (existsSync(chromium)) projects.push('e2e');
else console.log(`e2e: skipped (no Chromium at ${chromium}; install Debian's chromium or set CHROMIUM_PATH)`);

// Compile the message catalogues first: the Vite plugin that does it in dev and build is off under Vitest.
const compiled = spawnSync(
	process.execPath,
	['node_modules/@inlang/paraglide-js/bin/run.js', 'compile', '--project', './project.inlang', '--outdir', './src/lib/paraglide', '--strategy', 'url', 'baseLocale', '--emit-ts-declarations', '--silent'],
	{ stdio: ['ignore', 'ignore', 'inherit'] }
);
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const args = ['node_modules/vitest/vitest.mjs', 'run', ...projects.flatMap((name) => ['--project', name]), ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } });
process.exit(result.status ?? 1);
