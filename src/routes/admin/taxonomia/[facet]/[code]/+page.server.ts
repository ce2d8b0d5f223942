import { error, redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix, translate } from '$lib/server/i18n';
import { listTermsForAdmin, updateTerm } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const term = (await listTermsForAdmin(contextOf(event))).find(
			(item) => item.facet === event.params.facet && item.code === event.params.code
		);
		if (!term) error(404, { message: translate('error_not_found', event.locals.locale), requestId: event.locals.requestId });
		return { term };
	});

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await updateTerm(contextOf(event), { ...values, facet: event.params.facet, code: event.params.code });
		} catch (failure) {
			return formFailure(event, failure, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/admin/taxonomia?updated=${encodeURIComponent(event.params.code)}`);
	}
};
