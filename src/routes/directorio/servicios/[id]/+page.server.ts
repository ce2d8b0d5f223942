import { redirect } from '@sveltejs/kit';
import { getService, requestService } from '$lib/server/directory';
import { contextOf, originOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const service = await getService(contextOf(event), event.params.id);
		if (!event.locals.actor && service.status === 'verified') event.setHeaders({ 'cache-control': 'public, max-age=60' });
		const municipalities = (event.locals.actor?.roles ?? []).flatMap((grant) => (grant.municipalityId ? [grant.municipalityId] : []));
		return { service, taxonomy: await getTaxonomy({ locale: event.locals.locale }), municipalities, signedIn: !!event.locals.actor };
	});

export const actions: Actions = {
	request: async (event) => {
		const values = await readForm(event.request);
		try {
			await requestService(contextOf(event), event.params.id, values, originOf(event).ip);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/servicios/${event.params.id}?done=requested`);
	}
};
