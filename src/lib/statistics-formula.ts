import { m } from '$lib/paraglide/messages';

const formulas: Record<string, (params: Record<string, string>) => string> = {
	stats_formula_ratio: (params) => m.stats_formula_ratio(params as never),
	stats_formula_per_thousand: (params) => m.stats_formula_per_thousand(params as never),
	stats_formula_difference: (params) => m.stats_formula_difference(params as never),
	stats_formula_growth_rate: (params) => m.stats_formula_growth_rate(params as never)
};

/** A derived indicator's formula in the reader's language. */
export const translateFormula = (text: { key: string; params: Record<string, string> }) => formulas[text.key]?.(text.params) ?? text.key;
