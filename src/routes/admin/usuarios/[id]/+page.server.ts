import { getUser } from '$lib/server/accounts';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { pickerFailure, pickerStep, readPickerForm } from '$lib/server/http/municipality-picker';
import { loadOrError } from '$lib/server/http/load';
import { grantRole, listGrants, revokeRole } from '$lib/server/roles';
import { grantableRoles, secretariatSubRoles } from '$lib/server/roles/schema';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const ctx = contextOf(event);
		const person = await getUser(ctx, event.params.id);
		const grants = await listGrants(ctx, person.id);
		const revokeId = event.url.searchParams.get('revoke');
		return {
			person,
			grants,
			confirmRevoke: grants.find((grant) => grant.id === revokeId) ?? null,
			roles: grantableRoles,
			subRoles: secretariatSubRoles
		};
	});

const pickers = { municipalityId: 'one' } as const;

export const actions: Actions = {
	grant: async (event) => {
		const submitted = await readPickerForm(event.request, pickers);
		if (submitted.action) return pickerStep(event, submitted, pickers);
		const { values } = submitted;
		try {
			await grantRole(contextOf(event), { ...values, userId: event.params.id });
		} catch (error) {
			return pickerFailure(event, error, values, pickers);
		}
		return { granted: true as const };
	},
	revoke: async (event) => {
		const values = await readForm(event.request);
		try {
			await revokeRole(contextOf(event), { userId: event.params.id, grantId: values.grantId });
		} catch (error) {
			return formFailure(event, error, values);
		}
		// Offer an undo: the revoked grant's values go back to the page as a one-click re-grant.
		return { revoked: { role: values.role, subRole: values.subRole ?? '', municipalityId: values.municipalityId ?? '' } };
	}
};
