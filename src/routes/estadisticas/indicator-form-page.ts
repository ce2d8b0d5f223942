import { redirect } from '@sveltejs/kit';
import type { RequestEvent, ServerLoadEvent } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getIndicatorForm, saveIndicator } from '$lib/server/statistics';
import { getTaxonomy } from '$lib/server/taxonomy';

/** The load and action of the indicator form, for a new indicator or an existing one (`code` from the path). */
export function indicatorFormPage(creating: boolean) {
	return {
		load: (event: ServerLoadEvent<Partial<Record<'code', string>>>) =>
			loadOrError(
				event.locals,
				async () => ({ form: await getIndicatorForm(contextOf(event), creating ? undefined : event.params.code), taxonomy: await getTaxonomy({ locale: event.locals.locale }) }),
				event.url.pathname
			),
		save: async (event: RequestEvent<Partial<Record<'code', string>>>) => {
			const values = await readForm(event.request, ['levels']);
			let code: string;
			try {
				({ code } = await saveIndicator(contextOf(event), values, { creating }));
			} catch (error) {
				return formFailure(event, error, values);
			}
			redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/indicadores/${code}`);
		}
	};
}
