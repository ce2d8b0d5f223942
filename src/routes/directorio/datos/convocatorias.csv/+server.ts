import { exportCallsCsv } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Funding calls as CSV (deadlines local and UTC, status now). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () =>
		new Response(await exportCallsCsv({}), {
			headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': 'attachment; filename="cabildo-funding-calls.csv"', 'cache-control': 'public, max-age=300' }
		})
	);
