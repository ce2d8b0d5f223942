import { deleteExpertProfile, getExpertProfile, updateExpertProfile } from '$lib/server/directory';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One expert profile (e-mail and phone only for officials, secretariat, council and the expert). */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getExpertProfile({ ...contextOf(event), locale }, event.params.id));

/** The expert or the secretariat updates the profile. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await updateExpertProfile({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		return getExpertProfile({ ...contextOf(event), locale }, event.params.id);
	});

/** The expert (or the secretariat) deletes the profile. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await deleteExpertProfile({ ...contextOf(event), locale }, event.params.id);
		return { deleted: true };
	});
