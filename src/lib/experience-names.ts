import { m } from '$lib/paraglide/messages';

const states: Record<string, () => string> = {
	draft: m.experience_state_draft,
	submitted: m.experience_state_submitted,
	in_review: m.experience_state_in_review,
	returned: m.experience_state_returned,
	published: m.experience_state_published,
	rejected: m.experience_state_rejected,
	unpublished: m.experience_state_unpublished
};

const actions: Record<string, () => string> = {
	submit: m.experience_action_submit,
	accept: m.experience_action_accept,
	return: m.experience_action_return,
	reopen: m.experience_action_reopen,
	publish: m.experience_action_publish,
	reject: m.experience_action_reject,
	unpublish: m.experience_action_unpublish,
	republish: m.experience_action_republish,
	edit: m.experience_action_edit
};

/** The translated name of an experience's state. */
export function experienceStateName(state: string): string {
	return states[state]?.() ?? state;
}

/** The translated name of a workflow step (as a button and in the history). */
export function workflowActionName(action: string): string {
	return actions[action]?.() ?? action;
}

const criteria: Record<string, () => string> = {
	relevance: m.criterion_relevance,
	evidence: m.criterion_evidence,
	sustainability: m.criterion_sustainability,
	replicability: m.criterion_replicability,
	participation: m.criterion_participation,
	innovation: m.criterion_innovation
};

/** The translated name of a rubric criterion. */
export function criterionName(criterion: string): string {
	return criteria[criterion]?.() ?? criterion;
}

const bands: Record<string, () => string> = {
	lt10k: m.size_band_lt10k,
	'10k-50k': m.size_band_10k_50k,
	'50k-200k': m.size_band_50k_200k,
	'200k-1m': m.size_band_200k_1m,
	gt1m: m.size_band_gt1m,
	unknown: m.size_band_unknown
};

/** The translated name of a municipality size band. */
export function sizeBandName(band: string): string {
	return bands[band]?.() ?? band;
}
