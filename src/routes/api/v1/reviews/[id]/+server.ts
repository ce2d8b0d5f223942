import { getReview, submitReview, withdrawReviewer } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One assignment (its reviewer or the secretariat). */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getReview({ ...contextOf(event), locale }, event.params.id));

/** The assigned reviewer submits the rubric, once. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await submitReview({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		return getReview({ ...contextOf(event), locale }, event.params.id);
	});

/** The secretariat withdraws an assignment not yet submitted. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await withdrawReviewer({ ...contextOf(event), locale }, event.params.id);
		return { withdrawn: true };
	});
