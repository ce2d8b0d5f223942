import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import { PUT as putExpert } from '../../../routes/api/v1/experts/[id]/+server';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { decideCorrection, listPendingCorrections } from './correction-service';
import {
	createExpertProfile,
	deleteExpertProfile,
	exportMyExpertData,
	getExpertCv,
	getExpertProfile,
	updateExpertProfile,
	uploadExpertCv
} from './expert-service';
import { proposeInstitution, searchDirectory } from './service';
import { moderateEntry } from './moderation-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const pdf = () => new File([new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')], 'cv.pdf');
let secretariat: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

describe('expert profiles', () => {
	it('an expert keeps one profile of their own, verified by the secretariat, findable by competency, language and availability', async () => {
		const tag = uniqueToken();
		const person = await createUser();
		const { id, status } = await createExpertProfile(as(person), {
			name: `Ana Catastro ${tag}`,
			headline: 'Catastro multifinalitario y tributación inmobiliaria',
			'competency.public-finance': 'leading',
			'competency.digital-government': 'experienced',
			languages: 'es pt',
			countries: 'co pe',
			availability: 'limited',
			email: 'ana@example.org'
		});
		expect(status).toBe('pending');
		await expect(createExpertProfile(as(person), { name: 'Otra' })).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await searchDirectory(as(null), { q: tag })).total).toBe(0);
		await moderateEntry(as(secretariat), 'expert', id, { decision: 'verify' });
		const page = await searchDirectory(as(null), { q: `catastro ${tag}`, theme: 'public-finance', language: 'pt', availability: 'limited' });
		expect(page.items).toMatchObject([{ id, type: 'expert', availability: 'limited' }]);
		expect((await searchDirectory(as(null), { q: tag, availability: 'available' })).total).toBe(0);
		const profile = await getExpertProfile(as(null), id);
		expect(profile.competencies).toEqual([
			{ theme: 'digital-government', level: 'experienced' },
			{ theme: 'public-finance', level: 'leading' }
		]);
	});

	it('shows e-mail, phone and CV only to officials, the secretariat, council members and the expert', async () => {
		const person = await createUser();
		const { id } = await createExpertProfile(as(person), { name: `Luis Agua ${uniqueToken()}`, email: 'luis@example.org', phone: '+57 1 234 5678' });
		await moderateEntry(as(secretariat), 'expert', id, { decision: 'verify' });
		await uploadExpertCv(as(person), id, pdf());
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: (await createMunicipality()).id }] });
		const council = await createUser({ roles: [{ role: 'council_member' }] });
		for (const reader of [null, await createUser()]) {
			const profile = await getExpertProfile(as(reader), id);
			expect(profile).toMatchObject({ email: null, phone: null, contactsHidden: true });
			await expect(getExpertCv(as(reader), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		}
		for (const reader of [official, council, secretariat, person]) {
			expect(await getExpertProfile(as(reader), id)).toMatchObject({ email: 'luis@example.org', phone: '+57 1 234 5678' });
			expect((await getExpertCv(as(reader), id)).fileName).toBe('cv.pdf');
		}
		// Nor do they reach the directory search, which anyone can call.
		expect(JSON.stringify(await searchDirectory(as(null), { type: 'expert', pageSize: '100' }))).not.toContain('luis@example.org');
	});

	it('the secretariat creates a profile only with the person\'s consent recorded; the owner exports and deletes theirs', async () => {
		await expect(createExpertProfile(as(secretariat), { name: 'Sin consentimiento' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'consentOn', messageKey: 'error_consent_required' }] });
		const created = await createExpertProfile(as(secretariat), { name: `Consultora ${uniqueToken()}`, consentOn: '2026-11-01', consentNote: 'Formulario firmado en el taller de Quito' });
		expect(created.status).toBe('verified');

		const person = await createUser();
		const { id } = await createExpertProfile(as(person), { name: `Pedro ${uniqueToken()}`, 'competency.housing': 'working', phone: '+51 999 888 777' });
		await expect(updateExpertProfile(as(await createUser()), id, { name: 'Intruso' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const data = await exportMyExpertData(as(person));
		expect(data.profile).toMatchObject({ id, phone: '+51 999 888 777', competencies: [{ theme: 'housing', level: 'working' }] });
		await expect(deleteExpertProfile(as(await createUser()), id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await deleteExpertProfile(as(person), id);
		await expect(getExpertProfile(as(person), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(exportMyExpertData(as(person))).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('refuses unknown themes and levels, inverted fees, bad contacts and an image as CV', async () => {
		const person = await createUser();
		await expect(
			createExpertProfile(as(person), { name: 'X Y', 'competency.unknown-theme': 'leading', 'competency.housing': 'guru', feeMin: '500', feeMax: '100', email: 'nope' })
		).rejects.toMatchObject({ code: 'VALIDATION' });
		const { id } = await createExpertProfile(as(person), { name: `Eva ${uniqueToken()}` });
		const png = new File([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0])], 'cv.png');
		await expect(uploadExpertCv(as(person), id, png)).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'cv' }] });
	});
});

// Issue 13 finding 4: the owner of a verified profile renamed it ("… (oficial)") and changed its website, and it stayed
// verified with the same date. Changes to identity fields now wait for the secretariat as a correction.
describe('identity changes of a verified expert profile', () => {
	async function verifiedExpert(tag = uniqueToken()) {
		const person = await createUser();
		const { id } = await createExpertProfile(as(person), {
			name: `Marta Vial ${tag}`,
			headline: 'Movilidad urbana',
			website: 'https://marta.example.org',
			email: 'marta@example.org',
			phone: '+57 1 234 5678'
		});
		await moderateEntry(as(secretariat), 'expert', id, { decision: 'verify' });
		return { id, person, tag, before: await getExpertProfile(as(null), id) };
	}

	it('the expert renames their verified profile: the old name stays public and verified until the secretariat applies the correction', async () => {
		const { id, person, tag, before } = await verifiedExpert();
		const institute = await proposeInstitution(as(secretariat), { name: `Instituto Vial ${tag}`, kind: 'training_institute', countryCode: 'CO' });
		const { correction } = await updateExpertProfile(as(person), id, {
			name: `Marta Vial ${tag} (oficial)`,
			headline: 'Movilidad urbana y transporte público',
			organisationName: `Instituto Vial ${tag}`,
			website: 'https://oficial.example.org',
			email: 'marta@example.org',
			phone: '+57 1 234 5678'
		});
		expect(correction?.fields).toEqual(['name', 'organisationId', 'website']);

		// The public profile and the search keep the verified identity, its status and its date; the headline applied.
		expect(await getExpertProfile(as(null), id)).toMatchObject({
			name: `Marta Vial ${tag}`,
			website: 'https://marta.example.org',
			organisation: null,
			status: 'verified',
			verifiedAt: before.verifiedAt,
			headline: 'Movilidad urbana y transporte público',
			pendingCorrectionFields: []
		});
		expect((await searchDirectory(as(null), { q: tag, type: 'expert' })).items.map((item) => item.title)).toEqual([`Marta Vial ${tag}`]);
		expect(await getExpertProfile(as(person), id)).toMatchObject({ identityReviewed: true, pendingCorrectionFields: ['name', 'organisationId', 'website'] });

		// The secretariat sees every changed field, the organisation by its name.
		const pending = (await listPendingCorrections(as(secretariat))).find((item) => item.entryId === id);
		expect(pending).toMatchObject({ id: correction?.id, entryType: 'expert', title: `Marta Vial ${tag}` });
		expect(pending?.changes).toEqual([
			{ field: 'name', current: `Marta Vial ${tag}`, proposed: `Marta Vial ${tag} (oficial)` },
			{ field: 'organisationId', current: '', proposed: `Instituto Vial ${tag}` },
			{ field: 'website', current: 'https://marta.example.org', proposed: 'https://oficial.example.org' }
		]);

		await decideCorrection(as(secretariat), correction?.id, { decision: 'apply' });
		const after = await getExpertProfile(as(null), id);
		expect(after).toMatchObject({
			name: `Marta Vial ${tag} (oficial)`,
			website: 'https://oficial.example.org',
			organisation: { id: institute.id, name: `Instituto Vial ${tag}` },
			status: 'verified',
			headline: 'Movilidad urbana y transporte público'
		});
		// Re-verified by the secretariat as corrected.
		expect(Date.parse(after.verifiedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before.verifiedAt ?? ''));
		expect((await searchDirectory(as(null), { q: tag, type: 'expert' })).items.map((item) => item.title)).toEqual([`Marta Vial ${tag} (oficial)`]);
		expect((await getExpertProfile(as(person), id)).pendingCorrectionFields).toEqual([]);
		expect((await listMail(as(await createAdmin()), { to: person.email })).items[0].subject).toContain('se aplicó');
	});

	it('a rejected correction leaves the profile as it was; contacts are identity fields too', async () => {
		const { id, person, tag } = await verifiedExpert();
		const { correction } = await updateExpertProfile(as(person), id, { name: `Marta Vial ${tag}`, email: 'otra@example.org', phone: '+57 1 999 0000', website: 'https://marta.example.org' });
		expect(correction?.fields).toEqual(['email', 'phone']);
		expect(await getExpertProfile(as(secretariat), id)).toMatchObject({ email: 'marta@example.org', phone: '+57 1 234 5678' });
		await decideCorrection(as(secretariat), correction?.id, { decision: 'reject', reason: 'No es la persona.' });
		expect(await getExpertProfile(as(secretariat), id)).toMatchObject({ email: 'marta@example.org', phone: '+57 1 234 5678', status: 'verified' });
	});

	it("the secretariat's edits, and the expert's before verification, apply at once", async () => {
		const { id, tag, before } = await verifiedExpert();
		expect(await updateExpertProfile(as(secretariat), id, { name: `Marta Vial Ruiz ${tag}`, website: 'https://marta.example.org' })).toEqual({ correction: null });
		expect(await getExpertProfile(as(null), id)).toMatchObject({ name: `Marta Vial Ruiz ${tag}`, verifiedAt: before.verifiedAt });

		const person = await createUser();
		const draft = await createExpertProfile(as(person), { name: `Nuevo ${tag}` });
		expect(await updateExpertProfile(as(person), draft.id, { name: `Nuevo Nombre ${tag}` })).toEqual({ correction: null });
		expect((await getExpertProfile(as(person), draft.id)).name).toBe(`Nuevo Nombre ${tag}`);
	});

	it('the API answers 202 with the correction when identity changes wait, 200 otherwise', async () => {
		const { id, person, tag } = await verifiedExpert();
		const put = (body: unknown, actor: Actor) => {
			const url = new URL(`http://localhost/api/v1/experts/${id}?lang=en`);
			const request = new Request(url, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
			return putExpert({ url, request, params: { id }, locals: { actor, locale: 'es' } } as unknown as Parameters<typeof putExpert>[0]) as Promise<Response>;
		};
		const held = await put({ name: `Marta Vial ${tag} (oficial)`, website: 'https://marta.example.org', email: 'marta@example.org', phone: '+57 1 234 5678', bio: 'Veinte años en movilidad.' }, person);
		expect(held.status).toBe(202);
		const body = await held.json();
		expect(body).toMatchObject({ name: `Marta Vial ${tag}`, bio: 'Veinte años en movilidad.', correction: { status: 'pending', fields: ['name'] } });
		expect((await listPendingCorrections(as(secretariat))).some((item) => item.id === body.correction.id)).toBe(true);
		const saved = await put({ name: `Marta Vial ${tag}`, website: 'https://marta.example.org', email: 'marta@example.org', phone: '+57 1 234 5678', bio: 'Treinta años.' }, person);
		expect(saved.status).toBe(200);
		expect(await saved.json()).toMatchObject({ bio: 'Treinta años.', correction: null });
	});
});
