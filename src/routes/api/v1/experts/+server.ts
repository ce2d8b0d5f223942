import { createExpertProfile } from '$lib/server/directory';
import { searchDirectory } from '$lib/server/directory';
import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Verified experts with the directory's filters (contacts never included). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchDirectory({ locale }, { ...readQuery(event.url), type: 'expert' }), {
		headers: { 'cache-control': 'public, max-age=60' }
	});

/** Creates a profile: one's own, or someone else's by the secretariat with consent recorded. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => createExpertProfile({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
