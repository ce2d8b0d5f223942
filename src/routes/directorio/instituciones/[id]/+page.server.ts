import { getInstitution } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const institution = await getInstitution(contextOf(event), event.params.id);
		if (!event.locals.actor && institution.status === 'verified') event.setHeaders({ 'cache-control': 'public, max-age=60' });
		return { institution, taxonomy: await getTaxonomy({ locale: event.locals.locale }), signedIn: !!event.locals.actor };
	});
