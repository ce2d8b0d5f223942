import { exportServices } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Cooperation services as the CSV of HSDS's `services` table. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () =>
		new Response(await exportServices({}, 'csv'), {
			headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': 'attachment; filename="cabildo-services-hsds.csv"', 'cache-control': 'public, max-age=300' }
		})
	);
