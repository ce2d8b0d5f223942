import { exportPopolo } from '$lib/server/directory';
import { getConfig } from '$lib/server/config';
import { handleApi } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Institutions and experts as Popolo JSON (public fields only). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => exportPopolo({}, getConfig().origin), {
		headers: { 'content-disposition': 'attachment; filename="cabildo-popolo.json"', 'cache-control': 'public, max-age=300' }
	});
