import { getMyAccount, requestEmailChange } from '$lib/server/accounts';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ me: await getMyAccount(contextOf(event)) }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await requestEmailChange(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		// The same answer whether or not the address belongs to another account.
		return { sent: values.email?.trim().toLowerCase() ?? '' };
	}
};
