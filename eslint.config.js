import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	{ ignores: ['src/lib/paraglide/**', 'build/**', '.svelte-kit/**', 'drizzle/**', '.dependency-cruiser.cjs'] },
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], tsconfigRootDir: import.meta.dirname }
		},
		rules: {
			// typescript-eslint recommends leaving undefined globals to the type checker.
			'no-undef': 'off',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Links go through Paraglide's localizeHref (language prefix); the app is served at the root, so resolve() adds nothing.
			'svelte/no-navigation-without-resolve': 'off',
			// URLSearchParams here are built and serialised inside one function, never kept as state.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser } }
	},
	{
		files: ['**/*.js'],
		...ts.configs.disableTypeChecked
	},
	{
		// Routes stay thin: no database access outside the domain services.
		files: ['src/routes/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Routes call services; only queries.ts files use Drizzle.' },
						{ group: ['$lib/server/db', '$lib/server/db/*', '**/queries', '**/*-queries'], message: 'Routes call services, not the database.' }
					]
				}
			]
		}
	}
);
