import { redirect } from '@sveltejs/kit';
import { getCall } from '$lib/server/directory';
import { followCall, isFollowing } from '$lib/server/directory';
import { formFailure, readForm } from '$lib/server/http/forms';
import { localePrefix } from '$lib/server/i18n';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';


export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const call = await getCall(contextOf(event), event.params.id);
		if (!event.locals.actor && call.status === 'verified') event.setHeaders({ 'cache-control': 'public, max-age=60' });
		return { call, taxonomy: await getTaxonomy({ locale: event.locals.locale }), signedIn: !!event.locals.actor, following: await isFollowing(contextOf(event), call.id) };
	});

export const actions: Actions = {
	follow: async (event) => {
		const values = await readForm(event.request);
		try {
			await followCall(contextOf(event), event.params.id, values.follow === 'yes');
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/convocatorias/${event.params.id}`);
	}
};
