import { exportServices } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Cooperation services as Open Referral HSDS JSON. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () =>
		new Response(await exportServices({}, 'json'), {
			headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': 'attachment; filename="cabildo-services-hsds.json"', 'cache-control': 'public, max-age=300' }
		})
	);
