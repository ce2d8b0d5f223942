import { handleApi } from '$lib/server/http/api';
import { getIndicator } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** One indicator with the periods it has values for at each of its levels. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => getIndicator({ locale }, event.params.code), {
		headers: { 'cache-control': 'public, max-age=60' }
	});
