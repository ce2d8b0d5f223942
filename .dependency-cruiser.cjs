/**
 * The module boundaries of Cabildo (docs/ARCHITECTURE.md, "Layers"; decision 0013), checked by `npm run lint`.
 *
 *   app       src/routes, hooks, src/lib/server/{http,openapi,bootstrap,health,metrics}, scripts
 *   domains   experiences, directory, statistics (and every wave-2 module)
 *   kernel    accounts, audit, demo, files, jobs, mail, public-changes, rate-limit, roles, taxonomy, territories
 *   platform  config, context, db, errors, i18n, logger, pagination, policy
 *
 * A layer uses the layers below it, never above; a kernel or domain module is entered only through its index.ts
 * (or its schema.ts, the Zod shapes), and no two files import each other, however indirectly.
 */
const KERNEL = '(accounts|audit|demo|files|jobs|mail|public-changes|rate-limit|roles|taxonomy|territories)';
const DOMAINS = '(experiences|directory|statistics)';
const MODULES = `(${KERNEL.slice(1, -1)}|${DOMAINS.slice(1, -1)})`;
const PLATFORM = '^src/lib/server/(config|context|i18n|logger|pagination|policy)\\.ts$|^src/lib/server/(db|errors)/';
const APP = '^src/routes/|^src/hooks|^src/lib/server/(http|openapi)/|^src/lib/server/(bootstrap|health|metrics)\\.ts$';
const TESTS = '\\.test\\.ts$|\\.e2e\\.ts$|^tests/|^bench/';

module.exports = {
	forbidden: [
		{
			name: 'no-cycles',
			comment: 'Two files that import each other (directly or through others) tangle their modules: move what both need down a layer.',
			severity: 'error',
			from: { pathNot: TESTS },
			to: { circular: true }
		},
		{
			name: 'through-the-public-entry',
			comment: 'Another module is reached only through its index.ts or schema.ts, never its internals.',
			severity: 'error',
			from: { path: `^src/lib/server/([^/]+)/`, pathNot: TESTS },
			to: { path: `^src/lib/server/${MODULES}/`, pathNot: [`^src/lib/server/$1/`, `^src/lib/server/${MODULES}/(index|schema)\\.ts$`] }
		},
		{
			name: 'app-through-the-public-entry',
			comment: 'Routes, hooks and scripts call a module through its index.ts (or schema.ts), so a page and the API meet the same services.',
			severity: 'error',
			from: { path: `${APP}|^src/lib/server/[^/]+\\.ts$|^scripts/`, pathNot: TESTS },
			to: { path: `^src/lib/server/${MODULES}/`, pathNot: `^src/lib/server/${MODULES}/(index|schema)\\.ts$` }
		},
		{
			name: 'kernel-not-up-to-domains',
			comment: 'The kernel serves every domain and knows none of them: a domain that reacts to another enqueues a job.',
			severity: 'error',
			from: { path: `^src/lib/server/${KERNEL}/`, pathNot: TESTS },
			to: { path: `^src/lib/server/${DOMAINS}/` }
		},
		{
			name: 'modules-not-up-to-the-app',
			comment: 'Services never depend on routes, HTTP helpers, the OpenAPI document or start-up.',
			severity: 'error',
			from: { path: `^src/lib/server/${MODULES}/`, pathNot: TESTS },
			to: { path: APP }
		},
		{
			name: 'platform-not-up',
			comment: 'The platform (configuration, database, errors, policy, languages) depends on nothing above it.',
			severity: 'error',
			from: { path: PLATFORM, pathNot: TESTS },
			to: { path: `^src/lib/server/${MODULES}/|${APP}` }
		},
		{
			name: 'no-server-code-in-the-browser',
			comment: 'Components and shared lib code run in the browser too.',
			severity: 'error',
			from: { path: '^src/lib/(?!server/)' },
			to: { path: '^src/lib/server/' }
		}
	],
	options: {
		doNotFollow: { path: ['node_modules'] },
		exclude: { path: ['^src/lib/paraglide/', '\\.svelte-kit/'] },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.svelte', '.json'] },
		extraExtensionsToScan: ['.svelte'],
		reporterOptions: { text: { highlightFocused: true } }
	}
};
