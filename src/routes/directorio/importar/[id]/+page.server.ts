import { redirect } from '@sveltejs/kit';
import { checkImport, commitImport, getImportPage } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ job: await getImportPage(contextOf(event), event.params.id) }), event.url.pathname);

export const actions: Actions = {
	check: async (event) => {
		const values = await readForm(event.request);
		try {
			await checkImport(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/importar/${event.params.id}`);
	},
	commit: async (event) => {
		try {
			await commitImport(contextOf(event), event.params.id);
		} catch (error) {
			return formFailure(event, error, {});
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/importar/${event.params.id}`);
	}
};
