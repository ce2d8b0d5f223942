import { redirect } from '@sveltejs/kit';
import { createExpertProfile, getMyExpertProfileId } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { hasRole } from '$lib/server/policy';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const mine = await getMyExpertProfileId(contextOf(event));
			const secretariat = hasRole(event.locals.actor, 'secretariat');
			// An expert keeps one profile: send them to it rather than offering a second.
			if (mine && !secretariat) redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${mine}`);
			return { taxonomy: await getTaxonomy({ locale: event.locals.locale }), secretariat };
		},
		event.url.pathname
	);

export const actions: Actions = {
	save: async (event) => {
		const values = await readForm(event.request, ['languages']);
		let id: string;
		try {
			({ id } = await createExpertProfile(contextOf(event), values));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${id}?done=saved`);
	}
};
