import { handleApi } from '$lib/server/http/api';
import { getDataCatalogue } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** The DCAT catalogue of the open statistics (JSON-LD), the same in every language. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () =>
		new Response(JSON.stringify(await getDataCatalogue()), {
			headers: { 'content-type': 'application/ld+json; charset=utf-8', 'cache-control': 'public, max-age=300' }
		})
	);
