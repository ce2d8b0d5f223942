import { redirect } from '@sveltejs/kit';
import { deleteExpertProfile, getExpertProfile, uploadExpertCv } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		// Not shared-cached: a person's profile must disappear at once when they delete it.
		const expert = await getExpertProfile(contextOf(event), event.params.id);
		return { expert, taxonomy: await getTaxonomy({ locale: event.locals.locale }) };
	});

export const actions: Actions = {
	cv: async (event) => {
		const data = await event.request.formData();
		try {
			await uploadExpertCv(contextOf(event), event.params.id, data.get('cv'));
		} catch (error) {
			return formFailure(event, error, { form: 'cv' });
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${event.params.id}?done=cv`);
	},
	delete: async (event) => {
		try {
			await deleteExpertProfile(contextOf(event), event.params.id);
		} catch (error) {
			return formFailure(event, error, { form: 'delete' });
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio?done=deleted`);
	}
};
