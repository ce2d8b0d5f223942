import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { hasRole, requireActor } from '$lib/server/policy';
import { hasPendingRoleRequest } from '$lib/server/roles';
import { indicatorFormPage } from '../../indicator-form-page';
import type { Actions, PageServerLoad } from './$types';

const page = indicatorFormPage(true);

// Never a form one cannot send (issue 13): a signed-in person who does not edit statistics is told what it needs.
export const load: PageServerLoad = async (event) => {
	const needed = await loadOrError(
		event.locals,
		async () => !hasRole(requireActor(event.locals.actor), 'statistics_editor') && { pending: await hasPendingRoleRequest(contextOf(event), 'statistics_editor') },
		event.url.pathname
	);
	if (needed) return { roleNeeded: needed, form: null, taxonomy: null };
	return { roleNeeded: null, ...(await page.load(event)) };
};
export const actions: Actions = { default: (event) => page.save(event) };
