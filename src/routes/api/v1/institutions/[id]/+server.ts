import { getInstitution, updateInstitution } from '$lib/server/directory';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One institution. */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getInstitution({ ...contextOf(event), locale }, event.params.id));

/** The secretariat corrects an institution. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await updateInstitution({ ...contextOf(event), locale }, event.params.id, await readJson(event.request));
		return getInstitution({ ...contextOf(event), locale }, event.params.id);
	});
