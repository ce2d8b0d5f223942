import { listJobRuns, runDigestNow } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ runs: await listJobRuns(contextOf(event)) }), event.url.pathname);

export const actions: Actions = {
	default: async (event) => {
		try {
			return { queued: await runDigestNow(contextOf(event)) };
		} catch (error) {
			return formFailure(event, error, {});
		}
	}
};
