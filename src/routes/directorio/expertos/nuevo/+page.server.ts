import { redirect } from '@sveltejs/kit';
import { createExpertProfile, getMyExpertProfileId } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { pickerFailure, pickerStep, readPickerForm } from '$lib/server/http/municipality-picker';
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

const pickers = { municipalityIds: 'many' } as const;

export const actions: Actions = {
	save: async (event) => {
		const submitted = await readPickerForm(event.request, pickers, ['languages']);
		if (submitted.action) return pickerStep(event, submitted, pickers);
		const { values } = submitted;
		let id: string;
		try {
			({ id } = await createExpertProfile(contextOf(event), values));
		} catch (error) {
			return pickerFailure(event, error, values, pickers);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${id}?done=saved`);
	}
};
