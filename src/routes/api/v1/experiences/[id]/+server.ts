import { getExperience, saveDraft } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleApi(event, (locale) => getExperience({ ...contextOf(event), locale }, event.params.id));

/** Saves the draft again (its authors, while it is a draft). */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const ctx = { ...contextOf(event), locale };
		await saveDraft(ctx, event.params.id, await readJson(event.request));
		return getExperience(ctx, event.params.id);
	});
