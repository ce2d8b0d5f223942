// Units and the built-in indicators' source and licence, in the reader's language (issue 12 §7). An indicator keeps
// one unit string, the same in every download and in the API's `unit`; when it is one of the common units below
// (typed by the editor in any of the three languages, or as its code) the pages show its name in the reader's
// language, and anything else is shown as typed.
import type { Locale } from '../context';
import { translate } from '../i18n';

/** The common units: stored by code, named by the message `stats_unit_name_<code>`. */
export const knownUnits = ['persons', 'municipalities', 'households', 'percent', 'km2', 'hectares', 'years', 'usd', 'per_1000_inhabitants', 'persons_per_km2'] as const;
export type KnownUnit = (typeof knownUnits)[number];

const locales: Locale[] = ['es', 'pt', 'en'];
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

// Every way an editor may type a common unit: its code, its name in each language, and a few usual symbols.
const aliases = new Map<string, KnownUnit>([
	...knownUnits.flatMap((code) => [[fold(code), code] as const, ...locales.map((locale) => [fold(translate(`stats_unit_name_${code}`, locale)), code] as const)]),
	['%', 'percent'],
	['porcentaje', 'percent'],
	['porcentagem', 'percent'],
	['percentage', 'percent'],
	['km²', 'km2'],
	['ha', 'hectares'],
	['us$', 'usd'],
	['‰', 'per_1000_inhabitants']
]);

/** The code of a common unit typed in any language (e.g. "personas" → "persons"), or the text as typed. */
export function normalizeUnit(typed: string): string {
	return aliases.get(fold(typed)) ?? typed.trim();
}

/** A unit's name in the reader's language: common units are translated, anything else is shown as stored. */
export function nameUnit(unit: string, locale: Locale): string {
	const code = aliases.get(fold(unit));
	return code ? translate(`stats_unit_name_${code}`, locale) : unit;
}

/** The source and licence of an indicator as a page shows them: the built-in ones are written in the reader's language. */
export function nameSource(row: { builtIn: boolean; source: string }, locale: Locale): string {
	return row.builtIn ? translate('stats_builtin_source', locale) : row.source;
}

export function nameLicence(row: { builtIn: boolean; licence: string }, locale: Locale): string {
	return row.builtIn ? translate('stats_builtin_licence', locale) : row.licence;
}
