import { redirect } from '@sveltejs/kit';
import { getEntryEditForm, submitEntryEdit } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => ({ form: await getEntryEditForm(contextOf(event), 'funding_call', event.params.id), taxonomy: await getTaxonomy({ locale: event.locals.locale }) }),
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request, ['themes', 'sdgs', 'eligibleApplicants', 'sizeBands']);
		let applied: boolean;
		try {
			({ applied } = await submitEntryEdit(contextOf(event), 'funding_call', event.params.id, values));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/convocatorias/${event.params.id}${applied ? '' : '?done=correction'}`);
	}
};
