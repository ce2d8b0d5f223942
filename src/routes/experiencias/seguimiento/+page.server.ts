import { redirect } from '@sveltejs/kit';
import { getRecognitionThreshold, setRecognitionThreshold } from '$lib/server/experiences';
import { listExperiencesForWork, listPendingVersions } from '$lib/server/experiences';
import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const query = readQuery(event.url);
			const work = await listExperiencesForWork(contextOf(event), query);
			// The secretariat's queue includes the pending versions of published experiences (issue 13 finding 5).
			const pendingVersions = work.isSecretariat ? await listPendingVersions(contextOf(event)) : [];
			return { query, work, pendingVersions, threshold: await getRecognitionThreshold(contextOf(event)) };
		},
		event.url.pathname
	);

export const actions: Actions = {
	threshold: async (event) => {
		const values = await readForm(event.request);
		try {
			await setRecognitionThreshold(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/experiencias/seguimiento?saved=1`);
	}
};
