import { handleApi } from '$lib/server/http/api';
import { downloadHeaders, exportDataset } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** The observations of an imported dataset as plain CSV, streamed, with its publisher and licence. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => {
		const file = await exportDataset({ locale: event.locals.locale }, event.params.id, 'csv');
		return new Response(file.body, { headers: downloadHeaders(file) });
	});
