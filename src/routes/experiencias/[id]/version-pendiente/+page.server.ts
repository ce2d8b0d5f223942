import { redirect } from '@sveltejs/kit';
import { decidePendingVersion, getExperience, getPendingVersion } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { formFailure, readForm } from '$lib/server/http/forms';
import { loadOrError } from '$lib/server/http/load';
import { localePrefix } from '$lib/server/i18n';
import type { Actions, PageServerLoad } from './$types';

// The pending version of a published experience: its authors see what waits; the secretariat approves or rejects.
export const load: PageServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const ctx = contextOf(event);
			const pending = await getPendingVersion(ctx, event.params.id);
			const experience = await getExperience(ctx, event.params.id);
			return { pending, experience: { id: experience.id, title: experience.title, version: experience.version, state: experience.state } };
		},
		event.url.pathname
	);

const decide = (decision: 'approve' | 'reject') => async (event: Parameters<Actions[string]>[0]) => {
	const values = await readForm(event.request);
	try {
		await decidePendingVersion(contextOf(event), event.params.id, { ...values, decision });
	} catch (failure) {
		return formFailure(event, failure, values);
	}
	redirect(303, `${localePrefix(event.locals.locale)}/experiencias/${event.params.id}/version-pendiente?done=${decision === 'approve' ? 'approved' : 'rejected'}`);
};

export const actions: Actions = { approve: decide('approve'), reject: decide('reject') };
