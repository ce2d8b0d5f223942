import { getSourcesDocument } from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () =>
	new Response(await getSourcesDocument(), {
		headers: { 'content-type': 'text/markdown; charset=utf-8', 'cache-control': 'public, max-age=3600' }
	});
