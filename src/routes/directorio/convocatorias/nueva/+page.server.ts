import { redirect } from '@sveltejs/kit';
import { getInstitution, proposeCall } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireActor } from '$lib/server/policy';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			requireActor(event.locals.actor);
			// The call is proposed from its funder's page, which names the funder.
			const funder = await getInstitution(contextOf(event), event.url.searchParams.get('financiador'));
			return { funder: { id: funder.id, name: funder.name }, taxonomy: await getTaxonomy({ locale: event.locals.locale }) };
		},
		event.url.pathname + event.url.search
	);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request, ['themes', 'sdgs', 'eligibleApplicants', 'sizeBands']);
		let id: string;
		try {
			({ id } = await proposeCall(contextOf(event), values));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/convocatorias/${id}`);
	}
};
