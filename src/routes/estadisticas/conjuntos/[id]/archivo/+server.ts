import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { downloadHeaders, getDatasetOriginal } from '$lib/server/statistics';
import type { RequestHandler } from './$types';

/** The file of a dataset as it was uploaded, under its own name. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => {
		const file = await getDatasetOriginal(contextOf(event), event.params.id);
		return new Response(file.body, { headers: { ...downloadHeaders(file), 'content-security-policy': "sandbox; default-src 'none'" } });
	});
