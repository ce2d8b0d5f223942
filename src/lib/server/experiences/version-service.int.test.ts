// Issue 13 finding 5: an official changed the title and summary of a published experience; it kept its status, score
// and recognition and the secretariat was not told. Substantive edits now wait for the secretariat as a pending
// version; small fixes apply at once; the secretariat hears of every change.
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createExperience, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { GET as getRoute, PUT as putRoute } from '../../../routes/api/v1/experiences/[id]/+server';
import { actions as editActions } from '../../../routes/experiencias/[id]/editar/+page.server';
import { toEditableText } from './rich-text';
import { searchCatalogue } from './catalogue-service';
import { getExperience, listVersions, saveDraft, saveTranslation } from './service';
import { decidePendingVersion, getPendingVersion, listPendingVersions } from './version-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let admin: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	admin = await createAdmin();
});

const mailTo = async (email: string) => (await listMail(as(admin), { to: email })).items;

// The published record's own fields, as its edit form would send them back, with some changed.
async function editOf(id: string, actor: Actor, changes: Record<string, unknown>) {
	const current = await getExperience(as(actor), id);
	return {
		locale: current.originalLocale,
		title: current.title,
		summary: current.summary,
		context: current.context,
		municipalityIds: current.municipalities.map((place) => place.id),
		themes: current.themes,
		sdgs: current.sdgs,
		startDate: current.timeline.start ?? undefined,
		...changes
	};
}

async function published() {
	const tag = uniqueToken();
	const made = await createExperience({ title: `Huerta ${tag}`, summary: 'Resumen original.' });
	const before = await getExperience(as(null), made.id);
	return { ...made, tag, before };
}

describe('a substantive edit of a published experience', () => {
	it('leaves the public record as it was, stores one pending version and tells the secretariat', async () => {
		const { id, author, secretariat, title, tag, before } = await published();
		const outcome = await saveDraft(as(author), id, await editOf(id, author, { title: `Huerta cambiada ${tag}`, summary: 'Resumen nuevo.' }));
		expect(outcome).toEqual({ status: 'pending', pendingVersion: expect.any(String) });

		const after = await getExperience(as(null), id);
		expect(after).toMatchObject({ title, summary: 'Resumen original.', state: 'published', version: before.version });
		expect((await searchCatalogue(as(null), { q: `Huerta ${tag}` })).items.map((item) => item.title)).toEqual([title]);
		expect((await searchCatalogue(as(null), { q: `cambiada ${tag}` })).items).toEqual([]);

		const pending = await getPendingVersion(as(secretariat), id);
		expect(pending).toMatchObject({
			id: outcome.pendingVersion,
			canDecide: true,
			changes: [
				{ field: 'title', current: title, proposed: `Huerta cambiada ${tag}` },
				{ field: 'summary', current: 'Resumen original.', proposed: 'Resumen nuevo.' }
			]
		});
		expect((await getPendingVersion(as(author), id))?.canDecide).toBe(false);
		expect((await listPendingVersions(as(secretariat))).map((item) => item.experienceId)).toContain(id);
		const mail = await mailTo(secretariat.email);
		expect(mail.find((item) => item.subject.includes(title))?.text).toContain('Título, Resumen');
	});

	it('answers the API\'s PUT with 202 and the pending version, and its GET still shows the published title', async () => {
		const { id, author, title, tag } = await published();
		const url = new URL(`http://localhost/api/v1/experiences/${id}?lang=es`);
		const event = (request: Request) => ({ url, request, params: { id }, locals: { actor: author, locale: 'es' } }) as unknown as Parameters<typeof putRoute>[0];
		const body = JSON.stringify(await editOf(id, author, { title: `Otro título ${tag}` }));
		const put = (await putRoute(event(new Request(url, { method: 'PUT', body })))) as Response;
		expect(put.status).toBe(202);
		const answer = await put.json();
		expect(answer).toEqual({ pendingVersion: expect.any(String) });
		const got = (await getRoute(event(new Request(url)))) as Response;
		expect((await got.json()).title).toBe(title);
	});

	it('keeps one pending version per experience: a new edit by its authors replaces it', async () => {
		const { id, author, secretariat, tag } = await published();
		const first = await saveDraft(as(author), id, await editOf(id, author, { title: `Primera ${tag}` }));
		const second = await saveDraft(as(author), id, await editOf(id, author, { title: `Segunda ${tag}` }));
		expect(second.pendingVersion).toBe(first.pendingVersion);
		expect((await getPendingVersion(as(secretariat), id))?.changes).toMatchObject([{ field: 'title', proposed: `Segunda ${tag}` }]);
		// A decision about what the secretariat saw: a stale id is refused.
		await expect(decidePendingVersion(as(secretariat), id, { revisionId: '00000000-0000-4000-8000-000000000000', decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('the secretariat approves: the new title is public, state, score and recognition kept, the old content a version', async () => {
		const { id, author, secretariat, tag, before } = await published();
		const listed = async (q: string) => (await searchCatalogue(as(null), { q })).items.find((candidate) => candidate.id === id);
		const was = await listed(`Huerta ${tag}`);
		expect(was?.score).toBeGreaterThan(0);
		const { pendingVersion } = await saveDraft(as(author), id, await editOf(id, author, { title: `Huerta aprobada ${tag}` }));
		await expect(decidePendingVersion(as(author), id, { revisionId: pendingVersion, decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await decidePendingVersion(as(secretariat), id, { revisionId: pendingVersion, decision: 'approve' })).toEqual({ status: 'approved' });

		const after = await getExperience(as(null), id);
		expect(after).toMatchObject({ title: `Huerta aprobada ${tag}`, state: 'published', version: before.version + 1, summary: 'Resumen original.' });
		const now = await listed(`aprobada ${tag}`);
		expect({ score: now?.score, recognised: now?.recognised }).toEqual({ score: was?.score, recognised: was?.recognised });
		expect(await listVersions(as(null), id)).toMatchObject({ current: before.version + 1, items: [{ version: before.version, replacedBy: author.name }] });
		expect(await getPendingVersion(as(secretariat), id)).toBeNull();
		expect((await mailTo(author.email)).some((mail) => mail.subject.includes(`Huerta aprobada ${tag}`))).toBe(true);
	});

	it('the secretariat rejects with a reason: nothing public changes and the author is mailed the reason', async () => {
		const { id, author, secretariat, title, tag } = await published();
		const { pendingVersion } = await saveDraft(as(author), id, await editOf(id, author, { title: `Huerta rechazada ${tag}` }));
		await expect(decidePendingVersion(as(secretariat), id, { revisionId: pendingVersion, decision: 'reject' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [expect.objectContaining({ field: 'reason' })]
		});
		await decidePendingVersion(as(secretariat), id, { revisionId: pendingVersion, decision: 'reject', reason: 'El título no corresponde a la experiencia.' });
		expect((await getExperience(as(null), id)).title).toBe(title);
		expect(await getPendingVersion(as(author), id)).toBeNull();
		const mail = (await mailTo(author.email)).find((item) => item.subject.includes('rechazó'));
		expect(mail?.text).toContain('El título no corresponde a la experiencia.');
	});
});

describe('a small fix of a published experience', () => {
	it('applies at once, as a numbered version, and the secretariat is told', async () => {
		const { id, author, secretariat, title, before } = await published();
		const outcome = await saveDraft(as(author), id, await editOf(id, author, { contactName: 'Ana Pérez', contactEmail: 'ana@example.org' }));
		expect(outcome).toEqual({ status: 'saved', pendingVersion: null });
		expect(await getExperience(as(null), id)).toMatchObject({ title, version: before.version + 1, contact: { name: 'Ana Pérez', email: 'ana@example.org' } });
		expect(await getPendingVersion(as(secretariat), id)).toBeNull();
		const mail = (await mailTo(secretariat.email)).find((item) => item.subject.includes(title));
		expect(mail?.subject).toContain('Corrección menor');
		expect(mail?.text).toContain('Persona de contacto');
	});
});

describe('other changes of a published experience', () => {
	it('a translation applies at once and the secretariat is told of it too', async () => {
		const { id, author, secretariat, title, tag } = await published();
		await saveTranslation(as(author), id, { locale: 'pt', title: `Horta ${tag}`, summary: 'Resumo.' });
		const mail = (await mailTo(secretariat.email)).find((item) => item.subject === `Cambio en la experiencia publicada «${title}»`);
		expect(mail?.text).toContain('Portugués');
	});
});

describe('the edit form of a published experience', () => {
	// The fields as the edit page fills them from the record (ExperienceForm's names), posted back without JavaScript.
	async function postForm(id: string, actor: Actor, changes: Record<string, string>) {
		const x = await getExperience(as(actor), id);
		const values: Record<string, string> = {
			locale: x.originalLocale,
			title: x.title,
			summary: x.summary,
			context: toEditableText(x.context),
			objectives: toEditableText(x.objectives),
			municipalityIds: x.municipalities.map((place) => place.id).join(' '),
			themes: x.themes.join(' '),
			sdgs: x.sdgs.join(' '),
			budgetAmount: x.budget ? String(x.budget.amount) : '',
			budgetCurrency: x.budget?.currency ?? '',
			startDate: x.timeline.start ?? '',
			endDate: x.timeline.end ?? '',
			ongoing: x.timeline.ongoing ? 'on' : '',
			contactName: x.contact.name ?? '',
			contactEmail: x.contact.email ?? '',
			leadInstitution: x.leadInstitution ?? '',
			...Object.fromEntries(x.results.flatMap((result, index) => Object.entries(result).map(([key, value]) => [`results.${index}.${key}`, value]))),
			...Object.fromEntries(x.links.flatMap((link, index) => Object.entries(link).map(([key, value]) => [`links.${index}.${key}`, value]))),
			...changes
		};
		const body = new FormData();
		for (const [key, value] of Object.entries(values)) if (key !== 'ongoing' || value) body.append(key, value);
		const event = { request: new Request('http://localhost/x', { method: 'POST', body }), params: { id }, locals: { actor, locale: 'es' }, setHeaders: () => {} };
		try {
			return await editActions.default(event as unknown as Parameters<typeof editActions.default>[0]);
		} catch (thrown) {
			return thrown as { status: number; location: string };
		}
	}

	it('sends a substantive edit to the pending version page, and a contact fix of the same record (results, links, budget) straight back', async () => {
		const { id, author, secretariat, tag } = await published();
		const substantive = await postForm(id, author, {
			title: `Huerta con resultados ${tag}`,
			context: 'Primer párrafo.\n\nSegundo & último.',
			budgetAmount: '1500.5',
			budgetCurrency: 'BRL',
			'results.0.indicator': 'Familias',
			'results.0.before': '10',
			'results.0.after': '80',
			'results.0.source': 'Censo',
			'links.0.label': 'Informe',
			'links.0.url': 'https://example.org/informe'
		});
		expect(substantive).toMatchObject({ status: 303, location: `/experiencias/${id}/version-pendiente?sent=1` });
		const pending = await getPendingVersion(as(secretariat), id);
		await decidePendingVersion(as(secretariat), id, { revisionId: pending!.id, decision: 'approve' });
		expect(await getExperience(as(null), id)).toMatchObject({ title: `Huerta con resultados ${tag}`, results: [{ indicator: 'Familias' }], links: [{ label: 'Informe' }] });

		const fix = await postForm(id, author, { contactName: 'Ana Pérez' });
		expect(fix).toMatchObject({ status: 303, location: `/experiencias/${id}` });
		expect(await getPendingVersion(as(secretariat), id)).toBeNull();
		expect((await getExperience(as(null), id)).contact.name).toBe('Ana Pérez');
	});
});
