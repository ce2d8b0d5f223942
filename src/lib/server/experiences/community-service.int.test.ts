import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience, createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { searchCatalogue } from './catalogue-service';
import { answerQuestion, askQuestion, declareReplication, listQuestions, listReplications, moderateQuestion } from './community-service';
import { getExperience, getVersion, listVersions, saveDraft, saveTranslation } from './service';
import { decidePendingVersion } from './version-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('replications', () => {
	it('an official declares their municipality adopts a published experience, updates it later, and the authors are told', async () => {
		const { id, author, title } = await createExperience();
		const town = await createMunicipality();
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: town.id }] });
		expect(await declareReplication(as(official), id, { municipalityId: town.id.toLowerCase(), status: 'planned', notes: 'Empezamos en 2027.' })).toEqual({ created: true });
		expect(await declareReplication(as(official), id, { municipalityId: town.id, status: 'in_progress' })).toEqual({ created: false });
		expect(await listReplications(as(null), id)).toMatchObject([{ municipalityId: town.id, municipalityName: town.name, status: 'in_progress', notes: '' }]);
		const admin = await createUser({ roles: [{ role: 'admin' }] });
		const mail = await listMail(as(admin), { to: author.email });
		expect(mail.items.some((item) => item.subject.includes(title) && item.subject.includes('replica'))).toBe(true);
	});

	it('refuses other municipalities\' officials, the experience\'s own municipality, and unpublished experiences', async () => {
		const { id, place } = await createExperience();
		const town = await createMunicipality();
		const outsider = await createUser({ roles: [{ role: 'municipal_official', municipalityId: (await createMunicipality()).id }] });
		await expect(declareReplication(as(outsider), id, { municipalityId: town.id, status: 'planned' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const own = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
		await expect(declareReplication(as(own), id, { municipalityId: place.id, status: 'planned' })).rejects.toMatchObject({ code: 'CONFLICT' });
		const draft = await createExperience({ stage: 'in_review' });
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: town.id }] });
		await expect(declareReplication(as(official), draft.id, { municipalityId: town.id, status: 'planned' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(declareReplication(as(official), id, { municipalityId: town.id, status: 'someday' })).rejects.toMatchObject({ code: 'VALIDATION' });
	});
});

describe('questions to the authors', () => {
	it('a member asks, an author answers, a moderator hides and shows again; the public never sees hidden ones', async () => {
		const { id, author, secretariat } = await createExperience();
		const member = await createUser();
		const { id: questionId } = await askQuestion(as(member), id, { body: '¿Cuánto personal necesitaron?' });
		await expect(answerQuestion(as(member), questionId, { answer: 'Yo no soy autor' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await answerQuestion(as(author), questionId, { answer: 'Dos personas a tiempo completo.' });
		expect((await listQuestions(as(null), id)).items).toMatchObject([{ body: '¿Cuánto personal necesitaron?', answer: 'Dos personas a tiempo completo.', hidden: false }]);

		await expect(moderateQuestion(as(author), questionId, { reason: 'spam' }, true)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(moderateQuestion(as(secretariat), questionId, {}, true)).rejects.toMatchObject({ code: 'VALIDATION' });
		await moderateQuestion(as(secretariat), questionId, { reason: 'Contenido ofensivo' }, true);
		expect((await listQuestions(as(null), id)).items).toEqual([]);
		expect((await listQuestions(as(secretariat), id)).items).toMatchObject([{ hidden: true, hiddenReason: 'Contenido ofensivo' }]);
		await moderateQuestion(as(secretariat), questionId, {}, false);
		expect((await listQuestions(as(null), id)).items).toHaveLength(1);
	});

	it('needs a signed-in user, a published experience and a real question', async () => {
		const { id } = await createExperience();
		await expect(askQuestion(as(null), id, { body: '¿Hola?' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		await expect(askQuestion(as(await createUser()), id, { body: '' })).rejects.toMatchObject({ code: 'VALIDATION' });
		const draft = await createExperience({ stage: 'draft' });
		await expect(askQuestion(as(await createUser()), draft.id, { body: '¿Se puede?' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('editing after publication', () => {
	it('once the secretariat approves the edit, keeps the replaced content as a numbered version and re-indexes the catalogue', async () => {
		const tag = uniqueToken();
		const { id, author, place, title, secretariat } = await createExperience({ title: `Huerta ${tag}` });
		const { pendingVersion } = await saveDraft(as(author), id, { locale: 'es', title: `Huerta comunitaria ampliada ${tag}`, municipalityIds: [place.id], themes: ['green-spaces'], context: '<p>Nuevo <script>alert(1)</script>contexto</p>' });
		await decidePendingVersion(as(secretariat), id, { revisionId: pendingVersion, decision: 'approve' });
		const current = await getExperience(as(null), id);
		expect(current).toMatchObject({ state: 'published', version: 2, title: `Huerta comunitaria ampliada ${tag}`, context: '<p>Nuevo contexto</p>' });
		expect(current.history.at(-1)).toMatchObject({ action: 'edit', from: 'published', to: 'published' });
		expect(await listVersions(as(null), id)).toMatchObject({ current: 2, items: [{ version: 1, replacedBy: author.name }] });
		expect((await getVersion(as(null), id, '1')).text).toMatchObject({ title });
		await expect(getVersion(as(null), id, '7')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect((await searchCatalogue(as(null), { q: `ampliada ${tag}` })).items.map((item) => item.id)).toEqual([id]);
	});

	it('refuses edits by others and in states other than draft and published', async () => {
		const published = await createExperience();
		await expect(saveDraft(as(await createUser()), published.id, { locale: 'es', title: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const inReview = await createExperience({ stage: 'in_review' });
		await expect(saveDraft(as(inReview.author), inReview.id, { locale: 'es', title: 'X', municipalityIds: [inReview.place.id] })).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});

describe('translations', () => {
	it('authors add a translation that readers of that language see and search finds; the original language is refused', async () => {
		const tag = uniqueToken();
		const { id, author } = await createExperience({ title: `Ferias francas ${tag}` });
		await saveTranslation(as(author), id, { locale: 'pt', title: `Feiras livres ${tag}`, summary: 'Produtores vendem direto.', context: 'Linha 1\n\nLinha 2' });
		expect(await getExperience({ actor: null, locale: 'pt' }, id)).toMatchObject({ locale: 'pt', translated: true, title: `Feiras livres ${tag}`, context: '<p>Linha 1</p><p>Linha 2</p>', languages: ['es', 'pt'] });
		expect(await getExperience({ actor: null, locale: 'en' }, id)).toMatchObject({ locale: 'es', translated: false });
		expect((await searchCatalogue({ actor: null, locale: 'pt' }, { q: `produtores ${tag}` })).items.map((item) => item.title)).toEqual([`Feiras livres ${tag}`]);
		await expect(saveTranslation(as(author), id, { locale: 'es', title: 'Otro' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'locale' }] });
		await expect(saveTranslation(as(await createUser()), id, { locale: 'en', title: 'Free fairs' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
