import { redirect } from '@sveltejs/kit';
import { getMySubscription, saveMySubscription } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => ({ subscription: await getMySubscription(contextOf(event)), taxonomy: await getTaxonomy({ locale: event.locals.locale }) }),
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request, ['themes']);
		try {
			await saveMySubscription(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/suscripcion?done=saved`);
	}
};
