import { redirect } from '@sveltejs/kit';
import { confirmEmailChange, previewEmailChange } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { asAppError } from '$lib/server/http/error-body';
import { formFailure, readForm } from '$lib/server/http/forms';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

// The mailed link opens this page; the change happens only when its button is pressed (a POST), so a mail scanner
// following the link changes nothing.
export const load: PageServerLoad = async (event) => {
	const token = event.url.searchParams.get('token') ?? '';
	try {
		return { token, newEmail: (await previewEmailChange(contextOf(event), { token })).newEmail };
	} catch (error) {
		if (asAppError(error).code === 'INTERNAL') throw error;
		return { token: '', newEmail: null };
	}
};

export const actions: Actions = {
	default: async (event) => {
		const values = await readForm(event.request);
		try {
			await confirmEmailChange(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}${event.locals.actor ? '/cuenta?hecho=correo' : '/cuenta/correo/confirmar?hecho=1'}`);
	}
};
