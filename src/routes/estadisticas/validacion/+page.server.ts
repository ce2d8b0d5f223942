import { redirect } from '@sveltejs/kit';
import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { listPendingReports, validateReportedValue } from '$lib/server/statistics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ queue: await listPendingReports(contextOf(event), readQuery(event.url)) }), event.url.pathname + event.url.search);

export const actions: Actions = {
	decide: async (event) => {
		const values = await readForm(event.request);
		let decision: string;
		try {
			({ decision } = await validateReportedValue(contextOf(event), values, values));
		} catch (error) {
			return formFailure(event, error, values);
		}
		// Decided reports leave the queue: back to its start, where the oldest wait.
		redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/validacion?done=${decision === 'accept' ? 'accepted' : 'rejected'}`);
	}
};
