// The municipality picker's form contract, shared by the component and the actions' helper
// ($lib/server/http/municipality-picker.ts). A picker named `municipalityIds` submits:
//   municipalityIds        one hidden input per chosen id (what the services receive, unchanged)
//   _q.municipalityIds     the search text
//   _add.municipalityIds   the results ticked after a search without JavaScript
//   _pick                  the button pressed: search:<field>, add:<field> or remove:<field>:<id>
// A submission carrying _pick is a step of the picker, never a save.

/** A chosen or found municipality as the picker shows it. */
export interface MunicipalityLabel {
	id: string;
	name: string;
	admin1: string;
	country: string;
	countryName: string;
}

/** What a picker step returns to the page: the form's values and the search results of one picker. */
export interface PickerStep {
	picked: true;
	values: Record<string, string>;
	names: Record<string, MunicipalityLabel>;
	pick: { field: string; query: string; results: MunicipalityLabel[]; total: number } | null;
}

export const PICK = '_pick';
export const queryField = (field: string) => `_q.${field}`;
export const addField = (field: string) => `_add.${field}`;

export type PickAction = { kind: 'search' | 'add'; field: string } | { kind: 'remove'; field: string; id: string };

/** The identifiers a field holds (space-, comma- or semicolon-separated, as the services' list schemas read them). */
export function splitIds(value: string | undefined): string[] {
	return [...new Set((value ?? '').split(/[\s,;]+/).filter(Boolean))];
}

/** Reads the `_pick` button's value; null when the form was submitted to be saved or names a field it has no picker for. */
export function parsePick(value: string | undefined, fields: readonly string[]): PickAction | null {
	if (!value) return null;
	const [kind, field, ...rest] = value.split(':');
	if (!field || !fields.includes(field)) return null;
	if (kind === 'search' || kind === 'add') return { kind, field };
	if (kind === 'remove' && rest.length > 0) return { kind, field, id: rest.join(':') };
	return null;
}

/**
 * Folds the picker's own inputs into the form's values: ticked results join the field (or replace it when
 * the field takes one municipality), a removed id leaves it, and the _q, _add and _pick keys are dropped, so the
 * service sees the same fields as before. Pure; used for a save as well, so a ticked result is not lost.
 */
export function foldPicks(
	values: Record<string, string>,
	fields: Record<string, 'one' | 'many'>,
	action: PickAction | null = null
): Record<string, string> {
	const folded: Record<string, string> = {};
	for (const [key, value] of Object.entries(values)) {
		if (key === PICK || key.startsWith('_q.') || key.startsWith('_add.')) continue;
		folded[key] = value;
	}
	for (const [field, arity] of Object.entries(fields)) {
		let ids = splitIds(values[field]);
		const added = splitIds(values[addField(field)]);
		if (added.length > 0) ids = arity === 'one' ? added.slice(0, 1) : [...new Set([...ids, ...added])];
		if (action?.kind === 'remove' && action.field === field) ids = ids.filter((id) => id !== action.id);
		if (ids.length > 0 || field in values) folded[field] = ids.join(' ');
	}
	return folded;
}

/** The chosen municipalities of a field, named when the name is known (an unknown id shows as itself). */
export function chosenLabels(value: string | undefined, ...known: (Record<string, MunicipalityLabel> | undefined)[]): MunicipalityLabel[] {
	return splitIds(value).map((id) => known.find((names) => names?.[id])?.[id] ?? { id, name: id, admin1: '', country: id.slice(0, 2), countryName: '' });
}

/** Picks a picker step out of an action result (the counterpart of failureOf). */
export function pickerStepOf(form: unknown): PickerStep | null {
	if (!form || typeof form !== 'object' || !('picked' in form)) return null;
	return form as PickerStep;
}

/** The municipality names an action result carries (a picker step, or a failure from pickerFailure). */
export function namesOf(form: unknown): Record<string, MunicipalityLabel> {
	if (!form || typeof form !== 'object' || !('names' in form)) return {};
	return (form as { names: Record<string, MunicipalityLabel> }).names ?? {};
}
