import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { searchCatalogue } from './catalogue-service';
import { loadDemoExperiences } from './demo';
import { listExperiencesForWork } from './service';

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

const text = (title: string) => ({
	title,
	summary: 'Resumen.',
	context: 'Contexto.',
	objectives: 'Objetivos.',
	actors: 'Actores.',
	participation: 'Participación.',
	resources: 'Recursos.',
	lessons: 'Lecciones.',
	replication: 'Réplica.'
});
const review = (score: number) => ({ relevance: score, evidence: score, sustainability: score, replicability: score, participation: score, innovation: score, comment: 'Bien.' });

describe('npm run data:demo', () => {
	it('drives each record through the real workflow, marks it as demo data, and replaces it on a second run', async () => {
		const tag = uniqueToken();
		const place = await createMunicipality();
		const base = { municipalityIds: [place.id], themes: ['water-sanitation'], sdgs: ['SDG06'], budget: null, startDate: '2015-01-01', endDate: null, ongoing: true, results: [], links: [] };
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'cabildo-demo-')), 'experiences.json');
		writeFileSync(
			file,
			JSON.stringify({
				description: 'demo',
				experiences: [
					{ ...base, key: 'a', stage: 'published', reviews: [review(5), review(4)], originalLocale: 'pt', texts: { pt: text(`Água ${tag}`), es: text(`Agua ${tag}`) } },
					{ ...base, key: 'b', stage: 'in_review', reviews: [review(3)], originalLocale: 'es', texts: { es: text(`Revisión ${tag}`), pt: text(`Revisão ${tag}`) } },
					{ ...base, key: 'c', stage: 'returned', reviews: [], originalLocale: 'es', texts: { es: text(`Devuelta ${tag}`), pt: text(`Devolvida ${tag}`) } },
					{ ...base, key: 'd', stage: 'rejected', reviews: [review(2), review(2)], originalLocale: 'es', texts: { es: text(`Rechazada ${tag}`), pt: text(`Rejeitada ${tag}`) } }
				]
			})
		);
		// A real secretariat member, there before the load: demo submissions must not reach them.
		const realSecretariat = await createUser({ roles: [{ role: 'secretariat' }] });
		const first = await loadDemoExperiences(getDb(), file);
		expect(first.loaded).toEqual({ published: 1, in_review: 1, returned: 1, rejected: 1 });

		const [item] = (await searchCatalogue({ actor: null, locale: 'es' }, { q: tag })).items;
		expect(item).toMatchObject({ title: `Agua ${tag}`, translated: true, isDemo: true, recognised: true, score: 4.5 });
		const secretariat = await createUser({ roles: [{ role: 'admin' }] });
		const work = await listExperiencesForWork({ actor: secretariat, locale: 'es' }, { pageSize: '100' });
		expect(work.items.filter((row) => row.title.endsWith(tag)).map((row) => row.state).sort()).toEqual(['in_review', 'published', 'rejected', 'returned']);
		expect((await listMail({ actor: secretariat, locale: 'es' }, { to: 'secretaria@demo.cabildo.invalid' })).total).toBe(0);
		expect((await listMail({ actor: secretariat, locale: 'es' }, { to: realSecretariat.email })).total).toBe(0);

		const second = await loadDemoExperiences(getDb(), file);
		expect(second.removed).toBeGreaterThanOrEqual(4);
		expect((await searchCatalogue({ actor: null, locale: 'es' }, { q: tag })).total).toBe(1);
	});

	it('loads nothing from an invalid file', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'cabildo-demo-')), 'experiences.json');
		writeFileSync(file, JSON.stringify({ description: 'demo', experiences: [{ key: 'Bad Key', stage: 'published' }] }));
		await expect(loadDemoExperiences(getDb(), file)).rejects.toThrow();
	});
});
