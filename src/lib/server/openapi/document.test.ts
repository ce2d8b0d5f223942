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
