import type { ParamMatcher } from '@sveltejs/kit';

/** Two-letter country codes in territory URLs. */
export const match: ParamMatcher = (param) => /^[A-Za-z]{2}$/.test(param);
