import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';

export default defineConfig({
	plugins: [
		sveltekit({
			compilerOptions: {
				// Force runes mode for the project, except for libraries. Can be removed in svelte 6.
				runes: ({ filename }) => filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			adapter: adapter(),
			// Scripts only from our own origin; SvelteKit's inline bootstrap is allowed by its hash (not a nonce,
			// so that public pages can be cached and served again without reusing a nonce).
			csp: {
				mode: 'hash',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self', 'unsafe-inline'],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['none'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			},
			typescript: {
				config: (config) => {
					config.include.push('../drizzle.config.ts', '../scripts/**/*.ts', '../bench/**/*.ts');
				}
			}
		}),

		// Under Vitest the messages are compiled once by `npm test` (scripts/test.js, same strategy as here);
		// the plugin's watcher otherwise keeps the test process alive after the run.
		...(process.env.VITEST
			? []
			: [
				paraglideVitePlugin({
					project: './project.inlang',
					outdir: './src/lib/paraglide',
					emitTsDeclarations: true,
					// Spanish has no prefix; Portuguese and English live under /pt and /en.
					strategy: ['url', 'baseLocale']
				})
				])
	],
	test: {
		expect: { requireAssertions: true },
		// Services read these; tests must never touch ./data or send mail.
		env: {
			AUTH_SECRET: 'test-secret-test-secret-test-secret-0',
			ORIGIN: 'http://localhost:3000',
			LOG_LEVEL: 'silent',
			SMTP_URL: '',
			// Factories add municipalities between calls: the in-memory gazetteer checks the database every time.
			GAZETTEER_REFRESH_SECONDS: '0'
		},
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: ['src/**/*.test.ts'],
					exclude: ['src/**/*.int.test.ts'],
					sequence: { groupOrder: 0 }
				}
			},
			...['integration', ...(process.env.TEST_DATABASE_URL ? ['integration-pg'] : [])].map((name) => ({
				extends: './vite.config.ts',
				test: {
					name,
					environment: 'node',
					include: ['src/**/*.int.test.ts', 'tests/integration/**/*.test.ts'],
					globalSetup: ['tests/setup/integration-global.ts'],
					setupFiles: ['tests/setup/integration-file.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000,
					// Two files at a time (each with its own database): 30 s instead of 51 s on two cores, where
					// Vitest's default (cores - 1) would run them one by one. More only adds contention.
					maxWorkers: 2,
					// Tiers run one after the other: on two cores, overlapping them only adds contention.
					sequence: { groupOrder: name === 'integration' ? 1 : 2 }
				}
			})),
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.e2e.ts'],
					globalSetup: ['tests/setup/e2e-global.ts'],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					// A page waits on a real server (password hashing, PGlite) on a busy machine: Vitest's default
					// 1 s for expect.poll made sign-up journeys flaky in CI.
					expect: { requireAssertions: true, poll: { timeout: 15_000, interval: 100 } },
					fileParallelism: false,
					sequence: { groupOrder: 3 }
				}
			}
		]
	}
});
