import { error, redirect } from '@sveltejs/kit';
import { toEditableText } from '$lib/server/experiences';
import { getExperience, saveDraft } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix, translate } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const experience = await getExperience(contextOf(event), event.params.id);
		// Only the authors edit: a draft, or a published record (which keeps the replaced content as a version).
		if (!experience.canEdit) error(403, { message: translate('error_forbidden', event.locals.locale) });
		const texts = Object.fromEntries(Object.entries(experience.texts).map(([key, text]) => [key, toEditableText(text)]));
		return { experience: { ...experience, texts: texts as typeof experience.texts }, taxonomy: await getTaxonomy({ locale: event.locals.locale }) };
	});

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request, ['themes', 'sdgs']);
		try {
			await saveDraft(contextOf(event), event.params.id, values);
		} catch (failure) {
			return formFailure(event, failure, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/experiencias/${event.params.id}`);
	}
};
