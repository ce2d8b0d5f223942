import { handleApi, readQuery } from '$lib/server/http/api';
import { listIndicators } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** The indicators, searchable (`q`) and filtered by theme and territorial level. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ items: await listIndicators({ locale }, readQuery(event.url)) }), {
		headers: { 'cache-control': 'public, max-age=60' }
	});
