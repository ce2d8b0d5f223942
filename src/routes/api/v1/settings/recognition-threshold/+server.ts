import { getRecognitionThreshold, setRecognitionThreshold } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The mean score from which published experiences are "recognised". */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ threshold: await getRecognitionThreshold({ ...contextOf(event), locale }) }));

/** The secretariat changes it: `{ "threshold": 4.2 }`. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => setRecognitionThreshold({ ...contextOf(event), locale }, await readJson(event.request)));
