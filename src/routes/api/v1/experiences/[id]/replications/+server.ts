import { declareReplication, listReplications } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Municipalities replicating a published experience. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ items: await listReplications({ ...contextOf(event), locale }, event.params.id) }));

/** An official declares their municipality replicates it: `{ "municipalityId", "status", "notes" }`. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => declareReplication({ ...contextOf(event), locale }, event.params.id, await readJson(event.request)));
