import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createExperience, createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { createDraft, getExperience, saveDraft, transitionExperience } from './service';

const as = (actor: Actor | null, locale: 'es' | 'pt' | 'en' = 'es') => ({ actor, locale });

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

async function scenario() {
	const place = await createMunicipality();
	const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
	const colleague = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
	const stranger = await createUser({ roles: [{ role: 'municipal_official', municipalityId: (await createMunicipality()).id }] });
	const secretariat = await createUser({ roles: [{ role: 'secretariat', subRole: 'programme_secretary' }] });
	const title = `Presupuesto participativo ${uniqueToken()}`;
	const { id } = await createDraft(as(official), {
		locale: 'es',
		title,
		summary: 'Los vecinos deciden una parte de la inversión.',
		municipalityIds: place.id.toLowerCase(),
		themes: 'participatory-budgeting citizen-participation',
		sdgs: 'SDG16',
		budgetAmount: '150000',
		budgetCurrency: 'brl',
		startDate: '2019-03-01',
		ongoing: 'on'
	});
	return { place, official, colleague, stranger, secretariat, title, id };
}

describe('drafting an experience', () => {
	it('stores the draft with its municipality, tags, budget and timeline', async () => {
		const { id, official, place, title } = await scenario();
		const experience = await getExperience(as(official), id);
		expect(experience).toMatchObject({
			state: 'draft',
			originalLocale: 'es',
			title,
			countries: [place.countryCode],
			municipalities: [{ id: place.id }],
			themes: expect.arrayContaining(['participatory-budgeting', 'citizen-participation']),
			sdgs: ['SDG16'],
			budget: { amount: 150000, currency: 'BRL' },
			timeline: { start: '2019-03-01', end: null, ongoing: true },
			actions: ['submit']
		});
	});

	it('refuses unknown municipalities, tags and currencies, and impossible dates, naming each field', async () => {
		const place = await createMunicipality();
		const official = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
		await expect(
			createDraft(as(official), { locale: 'es', title: 'X', municipalityIds: [place.id], budgetAmount: '-5', budgetCurrency: 'XYZ', startDate: '2020-05-01', endDate: '2020-01-01' })
		).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: expect.arrayContaining([
				expect.objectContaining({ field: 'budgetAmount', messageKey: 'error_amount_negative' }),
				expect.objectContaining({ field: 'budgetCurrency', messageKey: 'error_currency_unknown' }),
				expect.objectContaining({ field: 'endDate', messageKey: 'error_end_before_start' })
			])
		});
		await expect(createDraft(as(official), { locale: 'es', title: 'X', municipalityIds: [place.id], themes: ['nope'] })).rejects.toMatchObject({
			fields: [{ field: 'themes', messageKey: 'error_field_invalid' }]
		});
	});

	it('lets only officials write for their own municipality', async () => {
		const { stranger, place } = await scenario();
		await expect(createDraft(as(stranger), { locale: 'es', title: 'Ajena', municipalityIds: [place.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createDraft(as(null), { locale: 'es', title: 'Anónima' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});

	it('saves again while a draft, and not after submission', async () => {
		const { id, official, colleague, place } = await scenario();
		await saveDraft(as(colleague), id, { locale: 'es', title: 'Título corregido', municipalityIds: [place.id] });
		expect((await getExperience(as(official), id)).title).toBe('Título corregido');
		await transitionExperience(as(official), id, { action: 'submit' });
		await expect(saveDraft(as(official), id, { locale: 'es', title: 'Tarde', municipalityIds: [place.id] })).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});

describe('who sees an unpublished experience', () => {
	it('its authors, the officials of its municipality and the secretariat; nobody else learns it exists', async () => {
		const { id, official, colleague, stranger, secretariat } = await scenario();
		await expect(getExperience(as(official), id)).resolves.toMatchObject({ id });
		await expect(getExperience(as(colleague), id)).resolves.toMatchObject({ id });
		await expect(getExperience(as(secretariat), id)).resolves.toMatchObject({ id });
		await expect(getExperience(as(stranger), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getExperience(as(null), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getExperience(as(await createUser()), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('the workflow, stored', () => {
	it('records each step with who and why, and e-mails the authors in the same transaction', async () => {
		const { id, official, secretariat, title } = await scenario();
		await transitionExperience(as(official), id, { action: 'submit' });
		await transitionExperience(as(secretariat), id, { action: 'return', comment: 'Falta el presupuesto detallado' });
		const experience = await getExperience(as(official), id);
		expect(experience.state).toBe('returned');
		expect(experience.history.map((event) => [event.action, event.from, event.to, event.comment])).toEqual([
			['submit', 'draft', 'submitted', null],
			['return', 'submitted', 'returned', 'Falta el presupuesto detallado']
		]);
		expect(experience.actions).toEqual(['reopen']);
		const mail = await listMail(as(await createAdmin()), { to: official.email });
		expect(mail.items.map((message) => message.subject)).toContain(`Su experiencia «${title}» cambió de estado`);
		expect(mail.items.find((message) => message.text.includes('Devuelta a sus autores'))?.text).toContain('Falta el presupuesto detallado');
	});

	it('shows the public the steps and dates of a published record, and names and comments only to those who work on it (issue 13 finding 9)', async () => {
		const { id, author: official, secretariat } = await createExperience();
		await transitionExperience(as(secretariat), id, { action: 'unpublish', comment: 'Revisión interna del presupuesto' });
		await transitionExperience(as(secretariat), id, { action: 'republish' });
		const steps = (experience: { history: { action: string; by: string | null; comment: string | null }[] }) => experience.history.map((event) => event.action);
		for (const reader of [null, await createUser()]) {
			const seen = await getExperience(as(reader), id);
			expect(steps(seen)).toEqual(expect.arrayContaining(['submit', 'publish', 'unpublish', 'republish']));
			expect(seen.history.every((event) => event.by === null && event.comment === null && !!event.at)).toBe(true);
		}
		for (const insider of [official, secretariat]) {
			const seen = await getExperience(as(insider), id);
			expect(seen.history.find((event) => event.action === 'unpublish')).toMatchObject({ comment: 'Revisión interna del presupuesto', by: expect.any(String) });
		}
	});

	it('a crash after the step rolls back the state, the history and the notification together', async () => {
		const { id, official, title } = await scenario();
		await expect(
			getDb().transaction(async (tx) => {
				await transitionExperience({ ...as(official), tx }, id, { action: 'submit' });
				throw new Error('the process died here');
			})
		).rejects.toThrow('the process died here');
		const experience = await getExperience(as(official), id);
		expect(experience).toMatchObject({ state: 'draft', history: [] });
		const mail = await listMail(as(await createAdmin()), { to: official.email });
		expect(mail.items.filter((message) => message.subject.includes(title))).toEqual([]);
	});

	it('answers CONFLICT to an illegal step and FORBIDDEN to the wrong person, changing nothing', async () => {
		const { id, official, stranger, secretariat } = await scenario();
		await expect(transitionExperience(as(secretariat), id, { action: 'publish' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(transitionExperience(as(official), id, { action: 'accept' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(transitionExperience(as(stranger), id, { action: 'submit' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await transitionExperience(as(official), id, { action: 'submit' });
		await transitionExperience(as(secretariat), id, { action: 'accept' });
		// No review has been submitted yet, so it cannot be published.
		await expect(transitionExperience(as(secretariat), id, { action: 'publish' })).rejects.toMatchObject({
			code: 'CONFLICT',
			fields: [expect.objectContaining({ messageKey: 'error_reviews_missing' })]
		});
		expect((await getExperience(as(secretariat), id)).state).toBe('in_review');
	});
});
