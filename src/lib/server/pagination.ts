import { z } from 'zod';

/** `page` and `pageSize` query parameters: pages from 1, at most 100 items per page. */
export function paginationFields(defaultPageSize: number) {
	return {
		page: z.coerce.number().int().min(1).max(100_000).default(1),
		pageSize: z.coerce.number().int().min(1).max(100).default(defaultPageSize)
	};
}

/** Limit and offset of a page. */
export function pageWindow(query: { page: number; pageSize: number }): { limit: number; offset: number } {
	return { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
}
