import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createMunicipality, createUser, uniqueIp, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { answerServiceRequest, getService, listServiceInbox, proposeService, requestService } from './cooperation-service';
import { proposeInstitution, searchDirectory } from './service';
import { moderateEntry } from './moderation-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let secretariat: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

async function offered(provider: Actor, tag = uniqueToken()) {
	const { id: institutionId } = await proposeInstitution(as(secretariat), { name: `Instituto ${tag}`, kind: 'training_institute', countryCode: 'EC' });
	const { id } = await proposeService(as(provider), {
		institutionId,
		name: `Asistencia técnica en catastro ${tag}`,
		kind: 'technical_assistance',
		languages: 'es',
		serviceAreas: 'EC PE',
		eligibleApplicants: 'municipality',
		themes: 'public-finance',
		cost: 'cost_shared'
	});
	await moderateEntry(as(secretariat), 'service', id, { decision: 'verify' });
	return id;
}

describe('cooperation services', () => {
	it('are found in the directory by country, applicant and language once verified', async () => {
		const tag = uniqueToken();
		const provider = await createUser();
		const id = await offered(provider, tag);
		const page = await searchDirectory(as(null), { q: `catastro ${tag}`, country: 'pe', applicant: 'municipality', language: 'es' });
		expect(page.items).toMatchObject([{ id, type: 'service' }]);
		expect((await searchDirectory(as(null), { q: tag, type: 'service', country: 'BR' })).total).toBe(0);
		expect(await getService(as(null), id)).toMatchObject({ kind: 'technical_assistance', cost: 'cost_shared', organization: { name: `Instituto ${tag}` }, canRequest: false });
	});

	it('a request names only a municipality the requester is an official of; without one it is personal (issue 13 finding 7)', async () => {
		const provider = await createUser();
		const id = await offered(provider);
		const [own, other] = [await createMunicipality(), await createMunicipality()];
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: own.id }] });
		const member = await createUser();
		const message = 'Necesitamos apoyo para el plan de ordenamiento territorial.';
		await expect(requestService(as(official), id, { message, municipalityId: other.id }, uniqueIp())).rejects.toMatchObject({ code: 'FORBIDDEN', fields: [{ field: 'municipalityId', messageKey: 'error_service_request_not_official' }] });
		await expect(requestService(as(member), id, { message, municipalityId: own.id }, uniqueIp())).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await requestService(as(official), id, { message, municipalityId: own.id }, uniqueIp());
		await requestService(as(member), id, { message }, uniqueIp());
		expect((await listServiceInbox(as(provider))).length).toBe(2);
	});

	it('a signed-in official asks, the provider is e-mailed and answers from the inbox, the official is e-mailed back', async () => {
		const provider = await createUser();
		const id = await offered(provider);
		const official = await createUser();
		expect((await getService(as(official), id)).canRequest).toBe(true);
		await expect(requestService(as(official), id, { message: 'Muy corto' }, uniqueIp())).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'message', messageKey: 'error_request_too_short' }] });
		const { id: requestId } = await requestService(as(official), id, { message: 'Necesitamos actualizar el catastro urbano de 4.000 predios.' }, uniqueIp());
		const admin = await createAdmin();
		expect((await listMail(as(admin), { to: provider.email })).items[0].text).toContain('4.000 predios');
		const inbox = await listServiceInbox(as(provider));
		expect(inbox).toMatchObject([{ id: requestId, requesterEmail: official.email, status: 'open' }]);
		expect(await listServiceInbox(as(official))).toEqual([]);
		await expect(answerServiceRequest(as(official), requestId, { answer: 'Yo mismo' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await answerServiceRequest(as(provider), requestId, { answer: 'Le escribimos el lunes para acordar una visita.' });
		expect((await listServiceInbox(as(provider)))[0]).toMatchObject({ status: 'answered' });
		expect((await listMail(as(admin), { to: official.email })).items[0].text).toContain('acordar una visita');
	});

	it('limits requests per account (5 an hour), so providers are not flooded', async () => {
		const id = await offered(await createUser());
		const official = await createUser();
		const ip = uniqueIp();
		for (let n = 0; n < 5; n++) await requestService(as(official), id, { message: `Solicitud número ${n} con detalle suficiente.` }, ip);
		await expect(requestService(as(official), id, { message: 'Una sexta solicitud con detalle suficiente.' }, ip)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
	});
});
