import { answerServiceRequest } from '$lib/server/directory';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The provider answers a request: `{ "answer": "…" }`. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await answerServiceRequest({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		return { answered: true };
	});
