import { redirect } from '@sveltejs/kit';
import { reportOutdated } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireActor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

const sections: Record<string, string> = { institution: 'instituciones', funding_call: 'convocatorias', expert: 'expertos', service: 'servicios' };

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			requireActor(event.locals.actor);
			return { type: event.url.searchParams.get('type') ?? '', id: event.url.searchParams.get('id') ?? '' };
		},
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await reportOutdated(contextOf(event), values.type, values.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/${sections[values.type]}/${values.id}?done=reported`);
	}
};
