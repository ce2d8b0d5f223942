import { redirect } from '@sveltejs/kit';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { chooseHeaderLine, commitImport, deleteDataset, getDatasetPage, previewImport } from '$lib/server/statistics';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, () => getDatasetPage(contextOf(event), event.params.id), event.url.pathname);

const back = (event: { locals: App.Locals; params: { id: string } }, done: string) =>
	redirect(303, `${localePrefix(event.locals.locale)}/estadisticas/conjuntos/${event.params.id}?done=${done}`);

export const actions: Actions = {
	preview: async (event) => {
		const values = await readForm(event.request);
		let result;
		try {
			result = await previewImport(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		back(event, result.headerChanged ? 'header' : 'previewed');
	},
	header: async (event) => {
		const values = await readForm(event.request);
		try {
			await chooseHeaderLine(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		back(event, 'header');
	},
	commit: async (event) => {
		try {
			await commitImport(contextOf(event), event.params.id);
		} catch (error) {
			return formFailure(event, error, {});
		}
		back(event, 'started');
	},
	remove: async (event) => {
		const values = await readForm(event.request);
		try {
			await deleteDataset(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		back(event, 'deleted');
	}
};
