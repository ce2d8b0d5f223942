import { redirect } from '@sveltejs/kit';
import { getTranslation, saveTranslation } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => ({ translation: await getTranslation(contextOf(event), event.params.id, event.url.searchParams.get('idioma')) }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await saveTranslation(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/experiencias/${event.params.id}?done=translated`);
	}
};
