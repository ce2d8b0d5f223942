import { redirect } from '@sveltejs/kit';
import { addAttachment, removeAttachment } from '$lib/server/experiences';
import { answerQuestion, askQuestion, declareReplication, moderateQuestion } from '$lib/server/experiences';
import { getExperiencePage } from '$lib/server/experiences';
import { assignReviewer, withdrawReviewer } from '$lib/server/experiences';
import { transitionExperience } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const page = await getExperiencePage(contextOf(event), event.params.id);
		if (page.experience.state === 'published' && !event.locals.actor) event.setHeaders({ 'cache-control': 'public, max-age=60' });
		return page;
	});

const here = (event: RequestEvent, done: string, anchor = '') =>
	`${localePrefix(event.locals.locale)}/experiencias/${event.params.id}?done=${encodeURIComponent(done)}${anchor}`;

// Each form names itself in the failure, so the page shows the error beside the right form.
async function act(event: RequestEvent, form: string, run: (values: Record<string, string>) => Promise<unknown>, done: string, anchor = '') {
	const values = await readForm(event.request);
	try {
		await run(values);
	} catch (error) {
		return formFailure(event, error, { ...values, form });
	}
	redirect(303, here(event, done, anchor));
}

export const actions: Actions = {
	transition: (event) => act(event, 'transition', (values) => transitionExperience(contextOf(event), event.params.id, values), 'state'),
	assign: (event) => act(event, 'assign', (values) => assignReviewer(contextOf(event), event.params.id, values), 'assigned', '#evaluation'),
	withdraw: (event) => act(event, 'withdraw', (values) => withdrawReviewer(contextOf(event), values.reviewId), 'withdrawn', '#evaluation'),
	replicate: (event) => act(event, 'replicate', (values) => declareReplication(contextOf(event), event.params.id, values), 'replicated', '#replications'),
	ask: (event) => act(event, 'ask', (values) => askQuestion(contextOf(event), event.params.id, values), 'asked', '#questions'),
	answer: (event) => act(event, 'answer', (values) => answerQuestion(contextOf(event), values.questionId, values), 'answered', '#questions'),
	hide: (event) => act(event, 'hide', (values) => moderateQuestion(contextOf(event), values.questionId, values, true), 'hidden', '#questions'),
	attach: async (event) => {
		// Multipart: read the file itself (readForm keeps only text fields).
		const data = await event.request.formData();
		try {
			await addAttachment(contextOf(event), event.params.id, data.get('file'));
		} catch (error) {
			return formFailure(event, error, { form: 'attach' });
		}
		redirect(303, here(event, 'attached', '#attachments'));
	},
	detach: (event) => act(event, 'detach', (values) => removeAttachment(contextOf(event), values.attachmentId), 'detached', '#attachments'),
	show: (event) => act(event, 'show', (values) => moderateQuestion(contextOf(event), values.questionId, values, false), 'shown', '#questions')
};
