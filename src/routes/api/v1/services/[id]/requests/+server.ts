import { requestService } from '$lib/server/directory';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf, originOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Sends a request to the service's provider: `{ "message": "…", "municipalityId": "…" }`. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => requestService({ ...contextOf(event), locale }, event.params.id, await readJson(event.request), originOf(event).ip), { status: 201 });
