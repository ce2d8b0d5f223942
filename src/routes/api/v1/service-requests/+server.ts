import { listServiceInbox } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The caller's inbox of requests to the services they provide. */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => ({ items: await listServiceInbox({ ...contextOf(event), locale }) }));
