import { proposeService } from '$lib/server/directory';
import { searchDirectory } from '$lib/server/directory';
import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Verified, active cooperation services with the directory's filters. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchDirectory({ locale }, { ...readQuery(event.url), type: 'service' }), {
		headers: { 'cache-control': 'public, max-age=60' }
	});

/** Offers a service of an institution; the caller becomes its provider contact. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => proposeService({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
