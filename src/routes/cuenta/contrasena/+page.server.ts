import { redirect } from '@sveltejs/kit';
import { changeMyPassword } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireActor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ name: requireActor(event.locals.actor).name }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await changeMyPassword(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta?hecho=contrasena`);
	}
};
