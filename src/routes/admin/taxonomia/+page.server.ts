import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { createTheme, listTermsForAdmin } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ terms: await listTermsForAdmin(contextOf(event)) }));

export const actions: Actions = {
	create: async (event) => {
		const values = await readForm(event.request);
		try {
			await createTheme(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		return { created: values.code };
	}
};
