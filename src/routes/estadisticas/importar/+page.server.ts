import { redirect } from '@sveltejs/kit';
import { AppError } from '$lib/server/errors/app-error';
import { contextOf } from '$lib/server/http/context';
import { formFailure } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { hasRole, requireActor } from '$lib/server/policy';
import { hasPendingRoleRequest } from '$lib/server/roles';
import { uploadDataset } from '$lib/server/statistics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const actor = requireActor(event.locals.actor);
			// Never a form one cannot send (issue 13): who does not edit statistics is told what it needs.
			if (!hasRole(actor, 'statistics_editor')) return { roleNeeded: { pending: await hasPendingRoleRequest(contextOf(event), 'statistics_editor') } };
			return { roleNeeded: null };
		},
		event.url.pathname
	);

export const actions: Actions = {
	default: async (event) => {
		let data: FormData;
		try {
			data = await event.request.formData();
		} catch {
			// The server stops reading a body over BODY_SIZE_LIMIT: the file is too big, whatever else was typed.
			return formFailure(event, new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_stats_file_too_big', params: { max: 64 } }] }), {});
		}
		const values = Object.fromEntries([...data].filter(([, value]) => typeof value === 'string')) as Record<string, string>;
		let id: string;
		try {
			({ id } = await uploadDataset(contextOf(event), { ...values, file: data.get('file') }));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/conjuntos/${id}`);
	}
};
