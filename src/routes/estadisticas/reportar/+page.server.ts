import { redirect } from '@sveltejs/kit';
import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getReportPage, reportMunicipalValue } from '$lib/server/statistics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, () => getReportPage(contextOf(event), readQuery(event.url)), event.url.pathname + event.url.search);

export const actions: Actions = {
	report: async (event) => {
		const values = await readForm(event.request);
		try {
			await reportMunicipalValue(contextOf(event), values.municipality, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		const query = new URLSearchParams({ municipio: values.municipality, done: 'reported' });
		redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/reportar?${query}`);
	}
};
