import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pageWindow, paginationFields } from './pagination';

describe('pagination', () => {
	const Schema = z.object(paginationFields(25));

	it('defaults to the first page and coerces query strings', () => {
		expect(Schema.parse({})).toEqual({ page: 1, pageSize: 25 });
		expect(Schema.parse({ page: '3', pageSize: '10' })).toEqual({ page: 3, pageSize: 10 });
	});

	it('refuses pages below 1 and sizes over 100', () => {
		expect(Schema.safeParse({ page: '0' }).success).toBe(false);
		expect(Schema.safeParse({ pageSize: '101' }).success).toBe(false);
	});

	it('turns a page into limit and offset', () => {
		expect(pageWindow({ page: 3, pageSize: 10 })).toEqual({ limit: 10, offset: 20 });
	});
});
