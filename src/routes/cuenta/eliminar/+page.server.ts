import { redirect } from '@sveltejs/kit';
import { deleteMyAccount } from '$lib/server/account-data';
import { getAccountDeletion, signOut } from '$lib/server/accounts';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, () => getAccountDeletion(contextOf(event)), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await deleteMyAccount(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		// The sessions went with the account; this clears the cookie.
		await signOut(event.request.headers);
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/eliminada`);
	}
};
