import { error } from '@sveltejs/kit';
import { mayReadMetrics, renderMetrics } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

/** Prometheus scrape: METRICS_ALLOW addresses or the bearer token; everyone else sees the ordinary 404. */
export const GET: RequestHandler = async ({ getClientAddress, request }) => {
	let address: string | undefined;
	try {
		address = getClientAddress();
	} catch {
		// ADDRESS_HEADER is set and the request lacks it: the address is unknown, only the token can open the door.
	}
	if (!mayReadMetrics({ address, authorization: request.headers.get('authorization') })) error(404, 'Not Found');
	const { body, contentType } = await renderMetrics();
	return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
};
