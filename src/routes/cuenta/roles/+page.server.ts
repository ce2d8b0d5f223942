import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireActor } from '$lib/server/policy';
import { listMyRoleRequests, requestRole, withdrawRoleRequest } from '$lib/server/roles';
import { grantableRoles, requestableRoles } from '$lib/server/roles/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const actor = requireActor(event.locals.actor);
			const asked = event.url.searchParams.get('rol') ?? '';
			return {
				roles: actor.roles,
				requests: await listMyRoleRequests(contextOf(event)),
				allRoles: grantableRoles,
				requestable: requestableRoles,
				chosen: (requestableRoles as readonly string[]).includes(asked) ? asked : ''
			};
		},
		event.url.pathname + event.url.search
	);

export const actions: Actions = {
	request: async (event) => {
		const values = await readForm(event.request);
		try {
			await requestRole(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/roles?hecho=solicitud`);
	},
	withdraw: async (event) => {
		const values = await readForm(event.request);
		try {
			await withdrawRoleRequest(contextOf(event), values.id);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/roles?hecho=retirada`);
	}
};
