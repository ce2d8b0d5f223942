import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { listJobs, retryJob } from '$lib/server/jobs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const query = readQuery(event.url);
		return { query, jobs: await listJobs(contextOf(event), query) };
	});

export const actions: Actions = {
	retry: async (event) => {
		const values = await readForm(event.request);
		try {
			await retryJob(contextOf(event), values.id);
		} catch (error) {
			return formFailure(event, error, values);
		}
		return { retried: true as const };
	}
};
