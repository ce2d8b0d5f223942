import { proposeInstitution, searchDirectory } from '$lib/server/directory';
import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Verified institutions with the directory's filters. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchDirectory({ locale }, { ...readQuery(event.url), type: 'institution' }), {
		headers: { 'cache-control': 'public, max-age=60' }
	});

/** Proposes an institution (verified at once when the secretariat proposes it). */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => proposeInstitution({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
