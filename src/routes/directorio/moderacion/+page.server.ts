import { redirect } from '@sveltejs/kit';
import { decideCorrection, listPendingCorrections } from '$lib/server/directory';
import { listOpenReports, listPendingEntries, moderateEntry, settleReports } from '$lib/server/directory';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => ({
			pending: await listPendingEntries(contextOf(event)),
			corrections: await listPendingCorrections(contextOf(event)),
			reports: await listOpenReports(contextOf(event))
		}),
		event.url.pathname
	);

export const actions: Actions = {
	settle: async (event) => {
		const values = await readForm(event.request);
		try {
			await settleReports(contextOf(event), values.type, values.id, values.decision);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/moderacion?done=settled`);
	},
	correction: async (event) => {
		const values = await readForm(event.request);
		try {
			await decideCorrection(contextOf(event), values.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/moderacion?done=${values.decision === 'apply' ? 'correction_applied' : 'correction_rejected'}`);
	},
	decide: async (event) => {
		const values = await readForm(event.request);
		try {
			await moderateEntry(contextOf(event), values.type, values.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, `${localePrefix(event.locals.locale)}/directorio/moderacion?done=${values.decision === 'verify' ? 'verified' : 'rejected'}`);
	}
};
