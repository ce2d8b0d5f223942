import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/accounts';
import { localePrefix } from '$lib/server/i18n';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		await signOut(event.request.headers);
		redirect(303, `${localePrefix(event.locals.locale)}/`);
	}
};
