import { handleApi } from '$lib/server/http/api';
import { getCountry } from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, (locale) => getCountry({ locale }, event.params.code), { headers: { 'cache-control': 'public, max-age=300' } });
