import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getIndicatorForm, saveIndicator } from '$lib/server/statistics/indicator-service';
import { getTaxonomy } from '$lib/server/taxonomy/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => ({ form: await getIndicatorForm(contextOf(event)), taxonomy: await getTaxonomy({ locale: event.locals.locale }) }),
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request, ['levels']);
		let code: string;
		try {
			({ code } = await saveIndicator(contextOf(event), values, { creating: true }));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/indicadores/${code}`);
	}
};
