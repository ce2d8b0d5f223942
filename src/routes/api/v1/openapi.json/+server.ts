import { json } from '@sveltejs/kit';
import { buildOpenApiDocument } from '$lib/server/openapi/document';
import type { RequestHandler } from './$types';

let cached: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET: RequestHandler = ({ url }) => {
	cached ??= buildOpenApiDocument(url.origin);
	return json(cached, { headers: { 'cache-control': 'public, max-age=3600' } });
};
