import { resetPassword } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({ token: url.searchParams.get('token') ?? '' });

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await resetPassword(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		return { done: true as const };
	}
};
