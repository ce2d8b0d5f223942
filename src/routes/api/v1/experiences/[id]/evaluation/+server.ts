import { getEvaluation } from '$lib/server/experiences';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The evaluation as the caller may see it (the public summary; every review for the secretariat). */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getEvaluation({ ...contextOf(event), locale }, event.params.id));
