import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from './document';

describe('OpenAPI document', () => {
	const document = buildOpenApiDocument('http://localhost:3000');

	it('is OpenAPI 3.1 with every public path', () => {
		expect(document.openapi).toBe('3.1.0');
		expect(Object.keys(document.paths ?? {})).toEqual(
			expect.arrayContaining(['/countries', '/municipalities', '/municipalities/{id}', '/taxonomy', '/admin/users/{id}/roles'])
		);
	});

	it('documents the search parameters from the Zod schema, with the page size limit', () => {
		const parameters = (document.paths?.['/municipalities']?.get?.parameters ?? []) as { name: string; schema?: { maximum?: number } }[];
		expect(parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'country', 'admin1', 'page', 'pageSize', 'lang']));
		expect(parameters.find((p) => p.name === 'pageSize')?.schema?.maximum).toBe(100);
	});
});

describe('OpenAPI coverage', () => {
	it('describes every endpoint under src/routes/api/v1 with each method it answers', async () => {
		const { readdirSync, readFileSync } = await import('node:fs');
		const path = await import('node:path');
		const root = path.resolve('src/routes/api/v1');
		const documented = buildOpenApiDocument('http://localhost:3000').paths ?? {};
		const missing: string[] = [];
		let found = 0;
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) walk(full);
				else if (entry.name === '+server.ts') {
					const route = '/' + path.relative(root, dir).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}');
					if (route === '/openapi.json') continue;
					for (const method of readFileSync(full, 'utf8').matchAll(/export const (GET|POST|PUT|DELETE|PATCH)\b/g)) {
						found++;
						const operations = documented[route as keyof typeof documented] as Record<string, unknown> | undefined;
						if (!operations?.[method[1].toLowerCase()]) missing.push(`${method[1]} ${route}`);
					}
				}
			}
		};
		walk(root);
		expect(found).toBeGreaterThan(20);
		expect(missing).toEqual([]);
	});
});
