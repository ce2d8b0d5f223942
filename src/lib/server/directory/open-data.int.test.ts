import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { proposeService } from './cooperation-service';
import { createExpertProfile } from './expert-service';
import { exportCallsCsv, exportPopolo, exportServices } from './open-data';
import { proposeCall, proposeInstitution } from './service';

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('open data exports', () => {
	it('Popolo, HSDS and CSV carry the public record and never an expert\'s private contacts', async () => {
		const secretariat = { actor: await createUser({ roles: [{ role: 'secretariat' }] }), locale: 'es' as const };
		const tag = uniqueToken();
		const { id: institutionId } = await proposeInstitution(secretariat, { name: `Red ${tag}`, acronym: 'RED', kind: 'municipal_association', countryCode: 'BO', website: 'https://red.example.org' });
		const { id: expertId } = await createExpertProfile(secretariat, {
			name: `Experta ${tag}`,
			organisationId: institutionId,
			email: `privada.${tag}@example.org`,
			phone: '+591 2 123 4567',
			'competency.housing': 'leading',
			consentOn: '2026-10-01',
			consentNote: 'Correo del 1 de octubre'
		});
		await proposeService(secretariat, { institutionId, name: `Capacitación ${tag}`, kind: 'training', languages: 'es qu', serviceAreas: 'BO' });
		await proposeCall(secretariat, { funderId: institutionId, title: `Fondo ${tag}`, opensAt: '2026-01-01', closesAt: '2026-02-01T12:00', timeZone: 'America/La_Paz', amountMax: '1000', currency: 'BOB' });

		const popolo = await exportPopolo({}, 'https://cabildo.example');
		const organization = popolo.organizations.find((item) => item.id === institutionId);
		expect(organization).toMatchObject({ name: `Red ${tag}`, other_names: [{ name: 'RED' }], classification: 'municipal_association' });
		expect(popolo.persons.find((item) => item.id === expertId)).toMatchObject({ cabildo_competencies: [{ theme: 'housing', level: 'leading' }] });
		expect(popolo.memberships).toContainEqual(expect.objectContaining({ person_id: expertId, organization_id: institutionId }));
		const text = JSON.stringify(popolo);
		expect(text).not.toContain(`privada.${tag}@example.org`);
		expect(text).not.toContain('+591 2 123 4567');
		expect(text).not.toContain('Correo del 1 de octubre');

		const hsds = JSON.parse(await exportServices({}, 'json')) as { name: string; organization: { name: string }; languages: { code: string }[] }[];
		expect(hsds.find((item) => item.name === `Capacitación ${tag}`)).toMatchObject({ organization: { name: `Red ${tag}` }, languages: [{ code: 'es' }, { code: 'qu' }] });
		expect(await exportServices({}, 'csv')).toMatch(new RegExp(`^id,organization_id,organization_name,name,[\\s\\S]*Capacitación ${tag}`));
		const calls = await exportCallsCsv({}, new Date('2026-01-15T00:00:00Z'));
		expect(calls).toContain(`Fondo ${tag},Red ${tag},open,2026-01-01T00:00,2026-02-01T12:00,America/La_Paz,2026-02-01T16:00:00.000Z,,1000,BOB`);
	});
});
