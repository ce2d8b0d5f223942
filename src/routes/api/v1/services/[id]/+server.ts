import { getService } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One cooperation service (HSDS fields). */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getService({ ...contextOf(event), locale }, event.params.id));
