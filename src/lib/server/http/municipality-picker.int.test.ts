// The municipality picker without JavaScript, through a real form action (experiencias/nueva): a search step
// saves nothing, returns every value and the gazetteer's results; an add step folds the ticked result in.
import { describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { actions } from '../../../routes/experiencias/nueva/+page.server';
import { actions as grantActions } from '../../../routes/admin/usuarios/[id]/+page.server';
import type { PickerStep } from '$lib/municipality-picker';

type ActionEvent = Parameters<typeof actions.default>[0];

function post(actor: Actor, fields: [string, string][]): ActionEvent {
	const form = new FormData();
	for (const [key, value] of fields) form.append(key, value);
	const url = new URL('http://cabildo.test/experiencias/nueva');
	return {
		request: new Request(url, { method: 'POST', body: form, headers: { origin: url.origin } }),
		url,
		params: {},
		locals: { actor, locale: 'es', requestId: 'test' },
		setHeaders: () => {},
		cookies: { get: () => undefined }
	} as unknown as ActionEvent;
}

describe('the municipality picker without JavaScript', () => {
	it('searches by a partial accent-less name, keeps the typed values, then adds the chosen result', async () => {
		const token = uniqueToken();
		const place = await createMunicipality({ name: `São Tomé ${token}`, admin1Name: 'Bahia' });
		const kept = await createMunicipality({ name: `Villa ${token}` });
		const actor = await createUser({ roles: [{ role: 'municipal_official', municipalityId: kept.id }] });
		const typed: [string, string][] = [
			['title', 'Huertas comunitarias'],
			['municipalityIds', kept.id],
			['summary', 'Vecinos cultivan.'],
			['themes', 'citizen-participation'],
			['themes', 'public-space']
		];

		const search = (await actions.default(post(actor, [...typed, ['_q.municipalityIds', `sao tome ${token.slice(0, 5)}`], ['_pick', 'search:municipalityIds']]))) as PickerStep;
		expect(search.picked).toBe(true);
		expect(search.values).toMatchObject({ title: 'Huertas comunitarias', summary: 'Vecinos cultivan.', themes: 'citizen-participation public-space', municipalityIds: kept.id });
		expect(Object.keys(search.values).some((key) => key.startsWith('_'))).toBe(false);
		expect(search.names[kept.id]?.name).toBe(kept.name);
		expect(search.pick?.query).toBe(`sao tome ${token.slice(0, 5)}`);
		expect(search.pick?.results[0]).toMatchObject({ id: place.id, name: place.name, admin1: 'Bahia' });

		const add = (await actions.default(post(actor, [...typed, ['_add.municipalityIds', place.id], ['_pick', 'add:municipalityIds']]))) as PickerStep;
		expect(add.values.municipalityIds).toBe(`${kept.id} ${place.id}`);
		expect(add.values.title).toBe('Huertas comunitarias');
		expect(add.names[place.id]?.name).toBe(place.name);
		expect(add.pick).toBeNull();

		const remove = (await actions.default(post(actor, [['municipalityIds', kept.id], ['municipalityIds', place.id], ['_pick', `remove:municipalityIds:${kept.id}`]]))) as PickerStep;
		expect(remove.values.municipalityIds).toBe(place.id);
	});

	it('a one-municipality field (the role grant) replaces its choice with the chosen result', async () => {
		const token = uniqueToken();
		const before = await createMunicipality({ name: `Antes ${token}` });
		const after = await createMunicipality({ name: `Después ${token}` });
		const admin = await createUser({ roles: [{ role: 'admin' }] });
		const event = { ...post(admin, [['role', 'municipal_official'], ['municipalityId', before.id], ['_q.municipalityId', `despues ${token}`], ['_pick', 'search:municipalityId']]), params: { id: admin.id } };
		const search = (await grantActions.grant(event as unknown as Parameters<typeof grantActions.grant>[0])) as PickerStep;
		expect(search.values).toEqual({ role: 'municipal_official', municipalityId: before.id });
		expect(search.pick?.results[0]?.id).toBe(after.id);
		const addEvent = { ...post(admin, [['role', 'municipal_official'], ['municipalityId', before.id], ['_add.municipalityId', after.id], ['_pick', 'add:municipalityId']]), params: { id: admin.id } };
		const add = (await grantActions.grant(addEvent as unknown as Parameters<typeof grantActions.grant>[0])) as PickerStep;
		expect(add.values.municipalityId).toBe(after.id);
		expect(add.names[after.id]?.name).toBe(after.name);
	});
});
