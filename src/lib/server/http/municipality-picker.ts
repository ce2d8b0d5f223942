import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { foldPicks, parsePick, PICK, queryField, splitIds, addField, type MunicipalityLabel, type PickAction, type PickerStep } from '$lib/municipality-picker';
import type { Locale } from '../context';
import { getMunicipalityLabels, searchMunicipalities } from '../territories';
import { formFailure, readForm, type FormFailure } from './forms';

/** The picker fields of a form and whether each takes one municipality or several. */
export type PickerFields = Record<string, 'one' | 'many'>;

/** How many results a search without JavaScript offers to choose from. */
const RESULTS = 10;

/**
 * Reads a form that holds municipality pickers: `values` is what the service receives (the picker's own
 * inputs folded in, see foldPicks), `action` the picker step asked for, or null for a save.
 */
export async function readPickerForm(
	request: Request,
	fields: PickerFields,
	lists: readonly string[] = []
): Promise<{ values: Record<string, string>; raw: Record<string, string>; action: PickAction | null }> {
	const names = Object.keys(fields);
	const raw = await readForm(request, [...lists, ...names, ...names.map(addField)]);
	const action = parsePick(raw[PICK], names);
	return { raw, action, values: foldPicks(raw, fields, action) };
}

/** Names of the chosen municipalities of every picker field, by id. */
export async function municipalityNames(locale: Locale, values: Record<string, string>, fields: PickerFields): Promise<Record<string, MunicipalityLabel>> {
	const ids = Object.keys(fields).flatMap((field) => splitIds(values[field]));
	if (ids.length === 0) return {};
	return Object.fromEntries((await getMunicipalityLabels({ locale }, ids)).map((label) => [label.id, label]));
}

/**
 * A picker step without JavaScript: nothing is saved; the page comes back with every value the person
 * entered, the chosen municipalities named, and, for a search, the gazetteer's results to choose from.
 */
export async function pickerStep(
	event: Pick<RequestEvent, 'locals'>,
	submitted: { values: Record<string, string>; raw: Record<string, string>; action: PickAction | null },
	fields: PickerFields
): Promise<PickerStep> {
	const { values, raw, action } = submitted;
	const locale = event.locals.locale;
	let pick: PickerStep['pick'] = null;
	if (action?.kind === 'search') {
		const query = (raw[queryField(action.field)] ?? '').trim().slice(0, 200);
		pick = { field: action.field, query, results: [], total: 0 };
		if (query.length > 0) {
			const found = await searchMunicipalities({ locale }, { q: query, pageSize: RESULTS });
			const chosen = new Set(splitIds(values[action.field]));
			pick.results = found.items
				.filter((item) => !chosen.has(item.id))
				.map((item) => ({ id: item.id, name: item.name, admin1: item.admin1.name, country: item.country, countryName: item.countryName }));
			pick.total = found.total;
		}
	}
	return { picked: true, values, names: await municipalityNames(locale, values, fields), pick };
}

/** formFailure, with the chosen municipalities named so the refilled picker shows names rather than ids. */
export async function pickerFailure(
	event: Pick<RequestEvent, 'locals' | 'setHeaders'>,
	thrown: unknown,
	values: Record<string, string>,
	fields: PickerFields
): Promise<ActionFailure<FormFailure & { names: Record<string, MunicipalityLabel> }>> {
	const failure = formFailure(event, thrown, values);
	return fail(failure.status, { ...failure.data, names: await municipalityNames(event.locals.locale, values, fields) });
}
