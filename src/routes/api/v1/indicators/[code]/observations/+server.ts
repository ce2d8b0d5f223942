import { handleApi, readQuery } from '$lib/server/http/api';
import { listObservations } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** A page of an indicator's observations, filtered by territory, level and period. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => listObservations({ locale }, event.params.code, readQuery(event.url)), {
		headers: { 'cache-control': 'public, max-age=60' }
	});
