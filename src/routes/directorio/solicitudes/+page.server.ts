import { redirect } from '@sveltejs/kit';
import { answerServiceRequest, listServiceInbox } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ inbox: await listServiceInbox(contextOf(event)) }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await answerServiceRequest(contextOf(event), values.requestId, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/solicitudes?done=answered`);
	}
};
