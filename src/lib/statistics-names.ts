import { m } from '$lib/paraglide/messages';

const levels: Record<string, () => string> = { country: m.stats_level_country, admin1: m.stats_level_admin1, municipality: m.stats_level_municipality };
const statuses: Record<string, () => string> = { A: m.stats_status_a, E: m.stats_status_e, P: m.stats_status_p, M: m.stats_status_m, F: m.stats_status_f };
const missing: Record<string, () => string> = {
	missing_input: m.stats_missing_input,
	division_by_zero: m.stats_missing_division_by_zero,
	not_finite: m.stats_missing_not_finite,
	no_values: m.stats_missing_no_values,
	no_weights: m.stats_missing_no_weights,
	no_rule: m.stats_missing_no_rule
};
const periodicities: Record<string, () => string> = { annual: m.stats_periodicity_annual, quarterly: m.stats_periodicity_quarterly, monthly: m.stats_periodicity_monthly };
const aggregations: Record<string, () => string> = { sum: m.stats_aggregation_sum, weighted_mean: m.stats_aggregation_weighted_mean, none: m.stats_aggregation_none };
const problems: Record<string, () => string> = {
	missing_column: m.stats_problem_missing_column,
	unknown_territory: m.stats_problem_unknown_territory,
	unknown_indicator: m.stats_problem_unknown_indicator,
	indicator_not_importable: m.stats_problem_indicator_not_importable,
	level_not_allowed: m.stats_problem_level_not_allowed,
	period_invalid: m.stats_problem_period_invalid,
	period_wrong_periodicity: m.stats_problem_period_wrong_periodicity,
	period_out_of_range: m.stats_problem_period_out_of_range,
	not_a_number: m.stats_problem_not_a_number,
	bad_status: m.stats_problem_bad_status,
	duplicate_key: m.stats_problem_duplicate_key,
	error_stats_import_interrupted: m.stats_problem_interrupted
};

/** The translated name of a territorial level. */
export const levelName = (level: string) => levels[level]?.() ?? level;
/** The translated name of an SDMX observation status. */
export const statusName = (status: string) => statuses[status]?.() ?? status;
/** Why a computed cell is empty, in words. */
export const missingName = (reason: string) => missing[reason]?.() ?? m.stats_no_data();
/** The translated name of a periodicity. */
export const periodicityName = (value: string) => periodicities[value]?.() ?? value;
/** The translated name of an aggregation rule. */
export const aggregationName = (value: string) => aggregations[value]?.() ?? value;
/** A file problem found by the preview, in words. */
export const problemName = (code: string) => problems[code]?.() ?? m.stats_problem_other();
