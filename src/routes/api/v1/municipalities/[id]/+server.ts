import { handleApi } from '$lib/server/http/api';
import { getMunicipality } from '$lib/server/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, (locale) => getMunicipality({ locale }, event.params.id), { headers: { 'cache-control': 'public, max-age=300' } });
