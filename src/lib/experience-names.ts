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

const versionFields: Record<string, () => string> = {
	locale: m.experience_version_field_locale,
	title: m.experience_version_field_title,
	summary: m.experience_version_field_summary,
	context: m.experience_version_field_context,
	objectives: m.experience_version_field_objectives,
	actors: m.experience_version_field_actors,
	participation: m.experience_version_field_participation,
	resources: m.experience_version_field_resources,
	lessons: m.experience_version_field_lessons,
	replication: m.experience_version_field_replication,
	municipalityIds: m.experience_version_field_municipalityIds,
	themes: m.experience_version_field_themes,
	sdgs: m.experience_version_field_sdgs,
	budgetAmount: m.experience_version_field_budgetAmount,
	budgetCurrency: m.experience_version_field_budgetCurrency,
	startDate: m.experience_version_field_startDate,
	endDate: m.experience_version_field_endDate,
	ongoing: m.experience_version_field_ongoing,
	contactName: m.experience_version_field_contactName,
	contactEmail: m.experience_version_field_contactEmail,
	leadInstitution: m.experience_version_field_leadInstitution,
	results: m.experience_version_field_results,
	links: m.experience_version_field_links,
};

/** The translated name of a field of an experience, as a pending version lists its changes. */
export function experienceFieldName(field: string): string {
	return versionFields[field]?.() ?? field;
}
