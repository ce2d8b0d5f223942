import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { decideRoleRequest, listRoleRequests } from '$lib/server/roles';
import { roleRequestStatuses } from '$lib/server/roles/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			// Pending requests unless another status (or every one: `estado=`) is asked for.
			const status = event.url.searchParams.get('estado') ?? 'pending';
			const page = event.url.searchParams.get('pagina') ?? '1';
			return { status, statuses: roleRequestStatuses, requests: await listRoleRequests(contextOf(event), { status, page }) };
		},
		event.url.pathname + event.url.search
	);

export const actions: Actions = {
	decide: async (event) => {
		const values = await readForm(event.request);
		try {
			await decideRoleRequest(contextOf(event), values.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/secretaria/roles?hecho=${values.decision === 'approve' ? 'aprobada' : 'rechazada'}`);
	}
};
