import { json } from '@sveltejs/kit';
import { deleteExpertProfile, getExpertProfile, updateExpertProfile } from '$lib/server/directory';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One expert profile (e-mail and phone only for officials, secretariat, council and the expert). */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getExpertProfile({ ...contextOf(event), locale }, event.params.id));

/**
 * The expert or the secretariat updates the profile: 200 with the profile, or 202 when the expert's changes to
 * identity fields of a verified profile wait for the secretariat (the correction named in the answer).
 */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const { correction } = await updateExpertProfile({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		const profile = await getExpertProfile({ ...contextOf(event), locale }, event.params.id);
		const body = { ...profile, correction: correction && { ...correction, status: 'pending' as const } };
		return correction ? json(body, { status: 202, headers: { 'content-language': locale } }) : body;
	});

/** The expert (or the secretariat) deletes the profile. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await deleteExpertProfile({ ...contextOf(event), locale }, event.params.id);
		return { deleted: true };
	});
