import { requestPasswordReset } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await requestPasswordReset(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		return { done: true as const };
	}
};
