import { getCall } from '$lib/server/directory/service';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { getTaxonomy } from '$lib/server/taxonomy/service';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const call = await getCall(contextOf(event), event.params.id);
		if (!event.locals.actor && call.status === 'verified') event.setHeaders({ 'cache-control': 'public, max-age=60' });
		return { call, taxonomy: await getTaxonomy({ locale: event.locals.locale }) };
	});
