import { redirect } from '@sveltejs/kit';
import { uploadImport } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { requireRole } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			requireRole(event.locals.actor, 'secretariat');
			return {};
		},
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		const data = await event.request.formData();
		let id: string;
		try {
			({ id } = await uploadImport(contextOf(event), { type: data.get('type'), file: data.get('file') }));
		} catch (error) {
			return formFailure(event, error, { type: String(data.get('type') ?? '') });
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/importar/${id}`);
	}
};
