import { redirect } from '@sveltejs/kit';
import { assignReviewer, getEvaluation, withdrawReviewer } from '$lib/server/experiences/review-service';
import { getExperience, transitionExperience } from '$lib/server/experiences/service';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy/service';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => ({
		experience: await getExperience(contextOf(event), event.params.id),
		evaluation: await getEvaluation(contextOf(event), event.params.id),
		taxonomy: await getTaxonomy({ locale: event.locals.locale })
	}));

const here = (event: Parameters<Actions[string]>[0], done: string) =>
	`${localePrefix(event.locals.locale)}/experiencias/${event.params.id}?done=${encodeURIComponent(done)}`;

export const actions: Actions = {
	transition: async (event) => {
		const values = await readForm(event.request);
		try {
			await transitionExperience(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, values);
		}
		redirect(303, here(event, values.action ?? ''));
	},
	assign: async (event) => {
		const values = await readForm(event.request);
		try {
			await assignReviewer(contextOf(event), event.params.id, values);
		} catch (error) {
			return formFailure(event, error, { ...values, form: 'assign' });
		}
		redirect(303, `${here(event, 'assigned')}#evaluation`);
	},
	withdraw: async (event) => {
		const values = await readForm(event.request);
		try {
			await withdrawReviewer(contextOf(event), values.reviewId);
		} catch (error) {
			return formFailure(event, error, { ...values, form: 'withdraw' });
		}
		redirect(303, `${here(event, 'withdrawn')}#evaluation`);
	}
};
