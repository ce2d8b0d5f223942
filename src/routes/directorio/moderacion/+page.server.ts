import { redirect } from '@sveltejs/kit';
import { listPendingEntries, moderateEntry } from '$lib/server/directory/service';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ pending: await listPendingEntries(contextOf(event)) }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await moderateEntry(contextOf(event), values.type, values.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/moderacion?done=${values.decision === 'verify' ? 'verified' : 'rejected'}`);
	}
};
