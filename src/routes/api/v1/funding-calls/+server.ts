import { proposeCall, searchDirectory } from '$lib/server/directory';
import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Verified funding calls with the directory's filters (`sort=closing` for the nearest deadlines). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchDirectory({ locale }, { ...readQuery(event.url), type: 'funding_call' }), {
		headers: { 'cache-control': 'public, max-age=60' }
	});

/** Proposes a funding call of a registered funder. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => proposeCall({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
