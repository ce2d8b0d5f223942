import { handleApi, readQuery } from '$lib/server/http/api';
import { downloadHeaders, exportIndicator } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** An indicator's values (all levels, or `?level=` and `?period=`) as JSON, streamed. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => {
		const file = await exportIndicator({ locale: event.locals.locale }, event.params.code, 'json', readQuery(event.url));
		return new Response(file.body, { headers: downloadHeaders(file) });
	});
