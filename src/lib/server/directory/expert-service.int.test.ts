import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import {
	createExpertProfile,
	deleteExpertProfile,
	exportMyExpertData,
	getExpertCv,
	getExpertProfile,
	updateExpertProfile,
	uploadExpertCv
} from './expert-service';
import { moderateEntry, searchDirectory } from './service';

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
