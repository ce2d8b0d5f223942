import { redirect } from '@sveltejs/kit';
import { endMyOtherSessions, endMySession, listMySessions } from '$lib/server/accounts';
import { contextOf, originOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => ({ sessions: await listMySessions(contextOf(event), originOf(event)) }), event.url.pathname);

export const actions: Actions = {
	end: async (event) => {
		const values = await readForm(event.request);
		try {
			await endMySession(contextOf(event), values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/sesiones?hecho=una`);
	},
	others: async (event) => {
		const values = await readForm(event.request);
		try {
			await endMyOtherSessions(contextOf(event), values, originOf(event));
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/cuenta/sesiones?hecho=otras`);
	}
};
