import { searchCatalogue } from '$lib/server/experiences';
import { createDraft } from '$lib/server/experiences';
import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Published experiences with the catalogue's filters, sorting, facets and pages. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => searchCatalogue({ actor: null, locale }, readQuery(event.url)), {
		headers: { 'cache-control': 'public, max-age=60' }
	});

/** Starts a draft (municipal officials for their municipalities, or the secretariat). */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => createDraft({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
