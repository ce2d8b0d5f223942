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
	republish: m.experience_action_republish
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
