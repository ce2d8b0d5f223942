import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createExperience, createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { decideCorrection, getEntryEditForm, listPendingCorrections, proposeCorrection, submitEntryEdit } from './correction-service';
import { createExpertProfile, getExpertProfile } from './expert-service';
import { getCall, getInstitution, proposeCall, proposeInstitution, searchDirectory, updateCall, updateInstitution } from './service';
import { moderateEntry } from './moderation-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let secretariat: Actor;
let admin: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
	admin = await createAdmin();
});

async function centre(tag = uniqueToken()) {
	const parent = await proposeInstitution(as(secretariat), { name: `Federación Nacional ${tag}`, acronym: `FN${tag.slice(0, 4)}`, kind: 'municipal_association', countryCode: 'CO' });
	const { id } = await proposeInstitution(as(secretariat), {
		name: `Instituto Regional ${tag}`,
		kind: 'training_institute',
		countryCode: 'CO',
		parentId: parent.id,
		networkMember: 'on',
		memberSince: '2019-05-01',
		centreOfExcellence: 'on',
		excellenceThemes: ['water-sanitation'],
		excellenceRecognisedOn: '2024-03-01',
		excellenceBasis: 'Asamblea 2024',
		website: 'https://instituto.example.org'
	});
	return { id, parentId: parent.id, tag };
}

describe('proposed corrections', () => {
	it('a member corrects a verified institution; the secretariat sees only what changed and applies it onto the entry as it is then', async () => {
		const { id, parentId } = await centre();
		const member = await createUser();
		const form = await getEntryEditForm(as(member), 'institution', id);
		expect(form.mode).toBe('correct');
		await proposeCorrection(as(member), 'institution', id, { ...form.values, website: 'https://nuevo.example.org', note: 'Cambió de dominio en 2026.' });
		// The proposal waits: nothing changed yet.
		expect((await getInstitution(as(null), id)).website).toBe('https://instituto.example.org');
		const pending = (await listPendingCorrections(as(secretariat))).find((item) => item.entryId === id);
		expect(pending).toMatchObject({ note: 'Cambió de dominio en 2026.', changes: [{ field: 'website', current: 'https://instituto.example.org', proposed: 'https://nuevo.example.org' }] });

		// Meanwhile the secretariat edits another field; applying the correction keeps that edit.
		const meanwhile = await getEntryEditForm(as(secretariat), 'institution', id);
		await updateInstitution(as(secretariat), id, { ...meanwhile.values, description: 'Capacita a funcionarios municipales.' });
		await decideCorrection(as(secretariat), pending?.id, { decision: 'apply' });
		const after = await getInstitution(as(null), id);
		expect(after).toMatchObject({ website: 'https://nuevo.example.org', description: 'Capacita a funcionarios municipales.', networkMember: true, memberSince: '2019-05-01' });
		// Membership, recognition and the parent are not on the member's form, and survive.
		expect(after.centreOfExcellence).toMatchObject({ themes: ['water-sanitation'], basis: 'Asamblea 2024' });
		expect(after.parent?.id).toBe(parentId);
		expect((await listMail(as(admin), { to: member.email })).items[0].subject).toContain('se aplicó');
		await expect(decideCorrection(as(secretariat), pending?.id, { decision: 'apply' })).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('refuses an unchanged form, bad values (as the edit would) and pending entries; rejection needs a reason and is e-mailed', async () => {
		const { id } = await centre();
		const member = await createUser();
		const { values } = await getEntryEditForm(as(member), 'institution', id);
		await expect(proposeCorrection(as(member), 'institution', id, values)).rejects.toMatchObject({ fields: [{ field: 'note', messageKey: 'error_correction_no_change' }] });
		await expect(proposeCorrection(as(member), 'institution', id, { ...values, email: 'no-es-correo' })).rejects.toMatchObject({ fields: [{ field: 'email' }] });
		await expect(proposeCorrection(as(member), 'institution', id, { ...values, parentName: 'Institución que no existe' })).rejects.toMatchObject({
			fields: [{ field: 'parentName', messageKey: 'error_institution_unknown' }]
		});
		await expect(proposeCorrection(as(null), 'institution', id, values)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		const pendingEntry = await proposeInstitution(as(member), { name: `ONG ${uniqueToken()}`, kind: 'ngo', countryCode: 'PE' });
		await expect(proposeCorrection(as(member), 'institution', pendingEntry.id, { name: 'Otra' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

		const { id: correctionId } = await proposeCorrection(as(member), 'institution', id, { ...values, phone: '+57 1 234 5678' });
		await expect(decideCorrection(as(member), correctionId, { decision: 'apply' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(decideCorrection(as(secretariat), correctionId, { decision: 'reject' })).rejects.toMatchObject({ fields: [{ field: 'reason' }] });
		await decideCorrection(as(secretariat), correctionId, { decision: 'reject', reason: 'El teléfono no figura en su sitio oficial.' });
		expect((await getInstitution(as(null), id)).phone).toBeNull();
		expect((await listMail(as(admin), { to: member.email })).items[0].text).toContain('El teléfono no figura en su sitio oficial.');
		expect((await listPendingCorrections(as(secretariat))).some((item) => item.id === correctionId)).toBe(false);
	});

	it('corrects a call through the same form; the secretariat\'s own edit applies at once', async () => {
		const { id: funderId } = await centre();
		const { id } = await proposeCall(as(secretariat), {
			funderId,
			title: `Fondo de agua ${uniqueToken()}`,
			opensAt: '2026-01-10T09:00',
			closesAt: '2026-03-31T17:00',
			timeZone: 'America/Bogota',
			documents: 'Bases | https://fondo.example.org/bases.pdf\nhttps://fondo.example.org/formulario.docx'
		});
		expect((await getCall(as(null), id)).documents).toEqual([
			{ title: 'Bases', url: 'https://fondo.example.org/bases.pdf' },
			{ title: '', url: 'https://fondo.example.org/formulario.docx' }
		]);
		const member = await createUser();
		const { values } = await getEntryEditForm(as(member), 'funding_call', id);
		expect(values).toMatchObject({ opensAt: '2026-01-10T09:00', closesAt: '2026-03-31T17:00' });
		expect(await submitEntryEdit(as(member), 'funding_call', id, { ...values, closesAt: '2026-04-15T17:00' })).toEqual({ applied: false });
		const pending = (await listPendingCorrections(as(secretariat))).find((item) => item.entryId === id);
		expect(pending?.changes).toEqual([{ field: 'closesAt', current: '2026-03-31T17:00', proposed: '2026-04-15T17:00' }]);
		await decideCorrection(as(secretariat), pending?.id, { decision: 'apply' });
		expect((await getCall(as(null), id)).closesAt).toBe('2026-04-15T22:00:00.000Z');
		expect(await submitEntryEdit(as(secretariat), 'funding_call', id, { ...values, title: 'Fondo corregido' })).toEqual({ applied: true });
		expect((await getCall(as(null), id)).title).toBe('Fondo corregido');
	});

	it('names the bad line of the documents box', async () => {
		const { id: funderId } = await centre();
		await expect(
			proposeCall(as(secretariat), { funderId, title: 'Fondo', opensAt: '2026-01-10', closesAt: '2026-02-10', timeZone: 'America/Lima', documents: 'Bases | https://ok.example.org\nFormulario | ftp://no' })
		).rejects.toMatchObject({ fields: [{ field: 'documents', messageKey: 'error_document_line', params: { line: 2 } }] });
	});
});

// Issue 13 finding 4: the one who proposed an entry is no editor of it once verified. Their rename of a verified
// institution or call is a correction like anyone's: the verified version stays public until the secretariat applies it.
describe('the proposer of a verified entry', () => {
	it('renames their verified institution: the old name stays public and verified until the secretariat applies it', async () => {
		const tag = uniqueToken();
		const owner = await createUser();
		const { id } = await proposeInstitution(as(owner), { name: `Asociación de Municipios ${tag}`, kind: 'municipal_association', countryCode: 'PE', website: 'https://amp.example.org' });
		await moderateEntry(as(secretariat), 'institution', id, { decision: 'verify' });
		const before = await getInstitution(as(null), id);
		const { values } = await getEntryEditForm(as(owner), 'institution', id);
		await expect(updateInstitution(as(owner), id, { ...values, name: `Asociación de Municipios ${tag} (oficial)` })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await submitEntryEdit(as(owner), 'institution', id, { ...values, name: `Asociación de Municipios ${tag} (oficial)`, website: 'https://oficial.example.org' })).toEqual({ applied: false });
		expect(await getInstitution(as(null), id)).toMatchObject({ name: `Asociación de Municipios ${tag}`, website: 'https://amp.example.org', status: 'verified', verifiedAt: before.verifiedAt });
		expect((await searchDirectory(as(null), { q: tag, type: 'institution' })).items.map((item) => item.title)).toEqual([`Asociación de Municipios ${tag}`]);
		const pending = (await listPendingCorrections(as(secretariat))).find((item) => item.entryId === id);
		expect(pending?.changes).toEqual([
			{ field: 'name', current: `Asociación de Municipios ${tag}`, proposed: `Asociación de Municipios ${tag} (oficial)` },
			{ field: 'website', current: 'https://amp.example.org', proposed: 'https://oficial.example.org' }
		]);
		await decideCorrection(as(secretariat), pending?.id, { decision: 'apply' });
		const after = await getInstitution(as(null), id);
		expect(after).toMatchObject({ name: `Asociación de Municipios ${tag} (oficial)`, website: 'https://oficial.example.org', status: 'verified' });
		expect(Date.parse(after.verifiedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(before.verifiedAt ?? ''));
		expect((await searchDirectory(as(null), { q: tag, type: 'institution' })).items.map((item) => item.title)).toEqual([`Asociación de Municipios ${tag} (oficial)`]);
	});

	it('renames their verified call: the old title and link stay public until the secretariat applies it', async () => {
		const { id: funderId } = await centre();
		const owner = await createUser();
		const tag = uniqueToken();
		const { id } = await proposeCall(as(owner), { funderId, title: `Fondo vial ${tag}`, opensAt: '2026-01-10T09:00', closesAt: '2026-03-31T17:00', timeZone: 'America/Lima', link: 'https://fondo.example.org' });
		await moderateEntry(as(secretariat), 'funding_call', id, { decision: 'verify' });
		const before = await getCall(as(null), id);
		const { values } = await getEntryEditForm(as(owner), 'funding_call', id);
		await expect(updateCall(as(owner), id, { ...values, title: `Fondo vial ${tag} (oficial)` })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await submitEntryEdit(as(owner), 'funding_call', id, { ...values, title: `Fondo vial ${tag} (oficial)`, link: 'https://oficial.example.org' })).toEqual({ applied: false });
		expect(await getCall(as(null), id)).toMatchObject({ title: `Fondo vial ${tag}`, link: 'https://fondo.example.org', status: 'verified', verifiedAt: before.verifiedAt });
		const pending = (await listPendingCorrections(as(secretariat))).find((item) => item.entryId === id);
		expect(pending?.changes.map((change) => change.field)).toEqual(['title', 'link']);
		await decideCorrection(as(secretariat), pending?.id, { decision: 'apply' });
		expect(await getCall(as(null), id)).toMatchObject({ title: `Fondo vial ${tag} (oficial)`, link: 'https://oficial.example.org', status: 'verified' });
	});
});

describe('institution parent and expert links in forms', () => {
	it('finds the parent and an expert\'s organisation by name or acronym, and refuses unknown ones', async () => {
		const tag = uniqueToken();
		const parent = await proposeInstitution(as(secretariat), { name: `Confederación ${tag}`, acronym: `CF${tag}`, kind: 'municipal_association', countryCode: 'BR' });
		const child = await proposeInstitution(as(secretariat), { name: `Escola ${tag}`, kind: 'training_institute', countryCode: 'BR', parentName: `cf${tag}` });
		expect((await getInstitution(as(null), child.id)).parent).toEqual({ id: parent.id, name: `Confederación ${tag}` });
		await expect(updateInstitution(as(secretariat), parent.id, { name: `Confederación ${tag}`, kind: 'municipal_association', countryCode: 'BR', parentName: `Confederación ${tag}` })).rejects.toMatchObject({
			fields: [{ field: 'parentName', messageKey: 'error_parent_self' }]
		});
		const place = await createMunicipality();
		const experience = await createExperience();
		const draft = await createExperience({ stage: 'draft' });
		const { id } = await createExpertProfile(as(secretariat), {
			name: 'Ana Demo',
			consentOn: '2026-01-05',
			consentNote: 'Por correo',
			organisationName: `Escola ${tag}`,
			municipalityIds: `${place.id.toLowerCase()}`,
			experienceIds: `https://cabildo.example.org/experiencias/${experience.id}`
		});
		const profile = await getExpertProfile(as(null), id);
		expect(profile.organisation?.id).toBe(child.id);
		expect(profile.municipalities).toEqual([{ id: place.id, name: place.name }]);
		expect(profile.experiences).toEqual([{ id: experience.id, title: experience.title }]);
		await expect(
			createExpertProfile(as(secretariat), { name: 'Otro', consentOn: '2026-01-05', consentNote: 'Oral', organisationName: 'Nadie', municipalityIds: 'ZZ-0000', experienceIds: draft.id })
		).rejects.toMatchObject({
			fields: expect.arrayContaining([
				{ field: 'organisationName', messageKey: 'error_institution_unknown' },
				{ field: 'municipalityIds', messageKey: 'error_municipality_unknown' },
				{ field: 'experienceIds', messageKey: 'error_experience_not_published' }
			])
		});
	});
});
