import { redirect } from '@sveltejs/kit';
import { changeMyName, getMyAccount } from '$lib/server/accounts';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireActor } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const actor = requireActor(event.locals.actor);
			return { me: { ...(await getMyAccount(contextOf(event))), roles: actor.roles } };
		},
		event.url.pathname
	);

export const actions: Actions = {
	name: async (event) => {
		const values = await readForm(event.request);
		try {
			await changeMyName(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta?hecho=nombre`);
	}
};
