import { getCall } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** One funding call, with its status now and its dates in the funder's time zone. */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => getCall({ ...contextOf(event), locale }, event.params.id));
