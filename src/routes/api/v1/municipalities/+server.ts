import { handleApi, readQuery } from '$lib/server/http/api';
import { searchMunicipalities } from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, (locale) => searchMunicipalities({ locale }, readQuery(event.url)), {
		headers: { 'cache-control': 'public, max-age=60' }
	});
