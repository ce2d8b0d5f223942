import { listMyReviews } from '$lib/server/experiences';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The caller's review assignments. */
export const GET: RequestHandler = (event) => handleApi(event, async (locale) => ({ items: await listMyReviews({ ...contextOf(event), locale }) }));
