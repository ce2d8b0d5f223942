import { listMyReviews } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => ({ reviews: await listMyReviews(contextOf(event)) }), event.url.pathname);
