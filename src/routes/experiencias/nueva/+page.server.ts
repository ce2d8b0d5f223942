import { redirect } from '@sveltejs/kit';
import { createDraft } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { municipalityNames, pickerFailure, pickerStep, readPickerForm } from '$lib/server/http/municipality-picker';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { hasRole, requireActor } from '$lib/server/policy';
import { hasPendingRoleRequest } from '$lib/server/roles';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const actor = requireActor(event.locals.actor);
			// Never a form one cannot send (issue 13): who is neither an official nor the secretariat is told what it needs.
			if (!hasRole(actor, 'secretariat') && !actor.roles.some((grant) => grant.role === 'municipal_official')) {
				return { roleNeeded: { role: 'municipal_official', pending: await hasPendingRoleRequest(contextOf(event), 'municipal_official') }, taxonomy: null, suggested: '', names: {} };
			}
			const municipalities = actor.roles.flatMap((grant) => (grant.municipalityId ? [grant.municipalityId] : []));
			return {
				roleNeeded: null,
				taxonomy: await getTaxonomy({ locale: event.locals.locale }),
				suggested: municipalities.join(' '),
				names: await municipalityNames(event.locals.locale, { municipalityIds: municipalities.join(' ') }, pickers)
			};
		},
		event.url.pathname
	);

const pickers = { municipalityIds: 'many' } as const;

export const actions: Actions = {
	default: async (event) => {
		const submitted = await readPickerForm(event.request, pickers, ['themes', 'sdgs']);
		if (submitted.action) return pickerStep(event, submitted, pickers);
		const { values } = submitted;
		let id: string;
		try {
			({ id } = await createDraft(contextOf(event), values));
		} catch (error) {
			return pickerFailure(event, error, values, pickers);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/experiencias/${id}`);
	}
};
