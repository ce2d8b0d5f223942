import { checkUnsubscribeToken, unsubscribeWithToken } from '$lib/server/directory';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import type { Actions, PageServerLoad } from './$types';

export const csr = false;

// The e-mail's link opens a confirmation (a bare GET must not unsubscribe: mail scanners follow links).
export const load: PageServerLoad = ({ locals, url }) =>
	loadOrError(locals, async () => ({ token: url.searchParams.get('token') ?? '', ...(await checkUnsubscribeToken({}, url.searchParams.get('token'))) }));

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await unsubscribeWithToken({}, values.token);
		} catch (error) {
			return formFailure(event, error, {});
		}
		return { done: true };
	}
};
