import { exportCatalogue } from '$lib/server/experiences';
import { handleApi, readQuery } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Download of the published experiences matching the catalogue's filters, streamed in constant memory. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () =>
		new Response(exportCatalogue({ actor: null, locale: event.locals.locale }, readQuery(event.url), 'csv'), {
			headers: {
				'content-type': 'text/csv; charset=utf-8; header=present',
				'content-disposition': `attachment; filename="cabildo-experiences-${new Date().toISOString().slice(0, 10)}.csv"`,
				// Streamed, so never held whole in the response cache.
				'cache-control': 'no-cache'
			}
		})
	);
