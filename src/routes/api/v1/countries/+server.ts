import { handleApi } from '$lib/server/http/api';
import { listCountries } from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ items: await listCountries({ locale }) }), {
		headers: { 'cache-control': 'public, max-age=300' }
	});
