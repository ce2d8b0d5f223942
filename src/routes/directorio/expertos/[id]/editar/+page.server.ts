import { error, redirect } from '@sveltejs/kit';
import { getExpertProfile, updateExpertProfile } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix, translate } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const expert = await getExpertProfile(contextOf(event), event.params.id);
			if (!expert.canEdit) error(403, { message: translate('error_forbidden', event.locals.locale) });
			return { expert, taxonomy: await getTaxonomy({ locale: event.locals.locale }) };
		},
		event.url.pathname
	);

export const actions: Actions = {
	save: async (event) => {
		const values = await readForm(event.request, ['languages']);
		try {
			await updateExpertProfile(contextOf(event), event.params.id, values);
		} catch (failure) {
			return formFailure(event, failure, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${event.params.id}?done=saved`);
	}
};
