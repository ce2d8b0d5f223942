import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this file; the app applies migrations itself at start.
export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	dialect: 'postgresql',
	strict: true,
	verbose: true
});
