import { saveTranslation } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Writes the translation into one language: `{ "locale": "pt", "title": "…", … }`. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await saveTranslation({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		return { saved: true };
	});
