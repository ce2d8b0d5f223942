import { json } from '@sveltejs/kit';
import { getExperience, saveDraft } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => handleApi(event, (locale) => getExperience({ ...contextOf(event), locale }, event.params.id));

/**
 * Saves the draft again (its authors, while it is a draft), or edits a published record: 200 with the experience when
 * the change applied (a draft, a small fix, the secretariat's own edit); 202 with `{ pendingVersion }` when it waits
 * for the secretariat and the published record is unchanged.
 */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const ctx = { ...contextOf(event), locale };
		const outcome = await saveDraft(ctx, event.params.id, await readJson(event.request));
		if (outcome.status === 'pending') return json({ pendingVersion: outcome.pendingVersion }, { status: 202, headers: { 'content-language': locale } });
		return getExperience(ctx, event.params.id);
	});
