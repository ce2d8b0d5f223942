import { error, redirect } from '@sveltejs/kit';
import { getExpertProfile, updateExpertProfile } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { municipalityNames, pickerFailure, pickerStep, readPickerForm } from '$lib/server/http/municipality-picker';
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
			const names = await municipalityNames(event.locals.locale, { municipalityIds: expert.municipalities.map((item) => item.id).join(' ') }, pickers);
			return { expert, taxonomy: await getTaxonomy({ locale: event.locals.locale }), names };
		},
		event.url.pathname
	);

const pickers = { municipalityIds: 'many' } as const;

export const actions: Actions = {
	save: async (event) => {
		const submitted = await readPickerForm(event.request, pickers, ['languages']);
		if (submitted.action) return pickerStep(event, submitted, pickers);
		const { values } = submitted;
		let held: boolean;
		try {
			held = !!(await updateExpertProfile(contextOf(event), event.params.id, values)).correction;
		} catch (failure) {
			return pickerFailure(event, failure, values, pickers);
		}
		// Changes to a verified profile's identity fields wait for the secretariat; the page says so.
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/expertos/${event.params.id}?done=${held ? 'held' : 'saved'}`);
	}
};
