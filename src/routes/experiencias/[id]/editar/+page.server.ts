import { error, redirect } from '@sveltejs/kit';
import { experienceTextFields, getExperience, getPendingVersion, saveDraft, toEditableText } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { municipalityNames, pickerFailure, pickerStep, readPickerForm } from '$lib/server/http/municipality-picker';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix, translate } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const experience = await getExperience(contextOf(event), event.params.id);
		// Only the authors edit: a draft, or a published record (substantive changes wait for the secretariat).
		if (!experience.canEdit) error(403, { message: translate('error_forbidden', event.locals.locale) });
		const texts = Object.fromEntries(experienceTextFields.map((field) => [field, toEditableText(experience[field])]));
		const pending = experience.state === 'published' ? await getPendingVersion(contextOf(event), event.params.id) : null;
		const ids = [...experience.municipalities.map((place) => place.id), ...(pending?.formValues.municipalityIds ?? '').split(/\s+/)].join(' ');
		return {
			experience: { ...experience, ...texts },
			pending,
			taxonomy: await getTaxonomy({ locale: event.locals.locale }),
			names: await municipalityNames(event.locals.locale, { municipalityIds: ids }, pickers)
		};
	});

const pickers = { municipalityIds: 'many' } as const;

export const actions: Actions = {
	default: async (event) => {
		const submitted = await readPickerForm(event.request, pickers, ['themes', 'sdgs']);
		if (submitted.action) return pickerStep(event, submitted, pickers);
		const { values } = submitted;
		let outcome;
		try {
			outcome = await saveDraft(contextOf(event), event.params.id, values);
		} catch (failure) {
			return pickerFailure(event, failure, values, pickers);
		}
		const base = `${localePrefix(event.locals.locale)}/experiencias/${event.params.id}`;
		redirect(303, outcome.status === 'pending' ? `${base}/version-pendiente?sent=1` : base);
	}
};
