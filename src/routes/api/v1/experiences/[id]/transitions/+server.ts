import { transitionExperience } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One workflow step: `{ "action": "submit" | "accept" | "return" | …, "comment": "…" }`. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) =>
		transitionExperience({ ...contextOf(event), locale }, event.params.id, await readJson(event.request))
	);
