import { describe, expect, it } from 'vitest';
import { chosenLabels, foldPicks, namesOf, parsePick, pickerStepOf, splitIds } from './municipality-picker';

describe('parsePick', () => {
	const fields = ['municipalityIds'];
	it('reads search, add and remove for a known field', () => {
		expect(parsePick('search:municipalityIds', fields)).toEqual({ kind: 'search', field: 'municipalityIds' });
		expect(parsePick('add:municipalityIds', fields)).toEqual({ kind: 'add', field: 'municipalityIds' });
		expect(parsePick('remove:municipalityIds:UY-UY.02.12', fields)).toEqual({ kind: 'remove', field: 'municipalityIds', id: 'UY-UY.02.12' });
	});
	it('is null for a save, an unknown field or a malformed value', () => {
		expect(parsePick(undefined, fields)).toBeNull();
		expect(parsePick('', fields)).toBeNull();
		expect(parsePick('search:title', fields)).toBeNull();
		expect(parsePick('remove:municipalityIds', fields)).toBeNull();
		expect(parsePick('delete:municipalityIds', fields)).toBeNull();
	});
});

describe('foldPicks', () => {
	it('adds ticked results once, removes a removed id and drops the picker keys', () => {
		const values = { title: 'Huertas', municipalityIds: 'MX-14039 BR-3550308', '_add.municipalityIds': 'CO-05001 MX-14039', '_q.municipalityIds': 'mede', _pick: 'remove:municipalityIds:BR-3550308' };
		expect(foldPicks(values, { municipalityIds: 'many' }, parsePick(values._pick, ['municipalityIds']))).toEqual({ title: 'Huertas', municipalityIds: 'MX-14039 CO-05001' });
	});
	it('replaces the choice of a one-municipality field and keeps an empty field empty', () => {
		expect(foldPicks({ municipalityId: 'MX-14039', '_add.municipalityId': 'CO-05001' }, { municipalityId: 'one' })).toEqual({ municipalityId: 'CO-05001' });
		expect(foldPicks({ municipalityId: '' }, { municipalityId: 'one' })).toEqual({ municipalityId: '' });
		expect(foldPicks({ role: 'admin' }, { municipalityId: 'one' })).toEqual({ role: 'admin' });
	});
});

describe('labels', () => {
	it('splits on spaces, commas and semicolons without duplicates', () => {
		expect(splitIds(' MX-14039,BR-3550308; MX-14039 ')).toEqual(['MX-14039', 'BR-3550308']);
	});
	it('names known ids and shows an unknown one as itself', () => {
		const known = { 'MX-14039': { id: 'MX-14039', name: 'Guadalajara', admin1: 'Jalisco', country: 'MX', countryName: 'México' } };
		expect(chosenLabels('MX-14039 XX-1', known).map((item) => item.name)).toEqual(['Guadalajara', 'XX-1']);
	});
	it('reads a picker step and names out of an action result', () => {
		expect(pickerStepOf({ summary: 'x' })).toBeNull();
		expect(pickerStepOf({ picked: true, values: {}, names: {}, pick: null })?.picked).toBe(true);
		expect(namesOf(null)).toEqual({});
		expect(namesOf({ names: { a: 1 } })).toEqual({ a: 1 });
	});
});
