import { searchDirectory } from '$lib/server/directory';
import { handleApi, readQuery } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The whole directory from one query (institutions and funding calls), with facets. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchDirectory({ locale }, readQuery(event.url)), { headers: { 'cache-control': 'public, max-age=60' } });
