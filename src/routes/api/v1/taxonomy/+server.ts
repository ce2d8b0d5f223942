import { handleApi } from '$lib/server/http/api';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, (locale) => getTaxonomy({ locale }), { headers: { 'cache-control': 'public, max-age=300' } });
