import { redirect } from '@sveltejs/kit';
import { listIdentityProviders, signIn } from '$lib/server/accounts';
import { contextOf, originOf, safeNextPath } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	next: url.searchParams.get('next') ?? '',
	providers: listIdentityProviders(),
	// Back from a provider that did not sign the person in (refused, cancelled, or an address not confirmed there),
	// or one that did not answer.
	identityFailed: url.searchParams.has('error'),
	identityUnavailable: url.searchParams.get('proveedor') === 'no-disponible'
});

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await signIn(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, safeNextPath(values.next, `${localePrefix(event.locals.locale)}/cuenta`));
	}
};
