// Issue 12 §7: the API named an experience's title `title` in the list and `texts.title` in the record. One resource,
// one shape: the record and the catalogue's items name what they share alike, and both are what the OpenAPI document
// describes, field for field.
import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience } from '../../../../tests/factories';
import { getDb } from '../db';
import { buildOpenApiDocument } from '../openapi/document';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { searchCatalogue } from './catalogue-service';
import { getExperience } from './service';

type SchemaObject = { properties?: Record<string, unknown> };
const schemas = (buildOpenApiDocument('http://localhost:3000').components?.schemas ?? {}) as Record<string, SchemaObject>;
const documented = (id: string) => Object.keys(schemas[id]?.properties ?? {}).sort();

let record: Record<string, unknown>;
let item: Record<string, unknown>;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	const { id, title } = await createExperience({ title: `Ferias del productor ${Date.now()}` });
	record = { ...(await getExperience({ actor: null, locale: 'es' }, id)) };
	const page = await searchCatalogue({ actor: null, locale: 'es' }, { q: title });
	item = { ...(page.items.find((candidate) => candidate.id === id) ?? {}) };
});

describe('an experience has one shape', () => {
	it('the record has the fields the OpenAPI document describes, and no others', () => {
		expect(documented('Experience').length).toBeGreaterThan(20);
		expect(Object.keys(record).sort()).toEqual(documented('Experience'));
	});

	it('the catalogue item has the fields the OpenAPI document describes, and no others', () => {
		expect(Object.keys(item).sort()).toEqual(documented('ExperienceSummary'));
	});

	it('what both have is named and valued alike: the title is `title` in both', () => {
		expect(record.title).toBe(item.title);
		expect(record).not.toHaveProperty('texts');
		for (const field of ['id', 'title', 'summary', 'locale', 'translated', 'countries', 'themes', 'sdgs', 'isDemo', 'publishedAt']) {
			expect(record[field], field).toEqual(item[field]);
		}
	});
});
