import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { listRelatedExperiences, searchCatalogue } from './catalogue-service';
import { setRecognitionThreshold } from './review-service';
import { transitionExperience } from './service';

const as = (actor: Actor | null, locale: 'es' | 'pt' | 'en' = 'es') => ({ actor, locale });
const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('full-text search', () => {
	it('finds Spanish text by other forms of its words, without accents or capitals', async () => {
		const tag = uniqueToken();
		const { id } = await createExperience({ title: `Presupuestos participativos en Bogotá ${tag}`, context: 'Los vecinos decidieron las inversiones.' });
		expect(ids(await searchCatalogue(as(null), { q: `presupuesto participativo bogota ${tag}` }))).toEqual([id]);
		expect(ids(await searchCatalogue(as(null), { q: `INVERSIÓN ${tag}` }))).toEqual([id]);
		expect(ids(await searchCatalogue(as(null), { q: `presupuesto -${tag}`, country: 'QQ' }))).not.toContain(id);
	});

	it('stems Portuguese and English texts in their own language', async () => {
		const tag = uniqueToken();
		const pt = await createExperience({ locale: 'pt', title: `Orçamentos participativos ${tag}`, summary: 'A população decide as obras.' });
		const en = await createExperience({ locale: 'en', title: `Recycling cooperatives ${tag}`, summary: 'Waste pickers organised.' });
		expect(ids(await searchCatalogue(as(null), { q: `orcamento ${tag}` }))).toEqual([pt.id]);
		expect(ids(await searchCatalogue(as(null), { q: `populacao ${tag}` }))).toEqual([pt.id]);
		expect(ids(await searchCatalogue(as(null), { q: `cooperative recycled ${tag}` }))).toEqual([en.id]);
	});

	it('ranks a match in the title above a match in the text', async () => {
		const tag = uniqueToken();
		const inText = await createExperience({ title: `Gestión ${tag}`, context: `Hubo compostaje ${tag} en los barrios.` });
		const inTitle = await createExperience({ title: `Compostaje comunitario ${tag}` });
		expect(ids(await searchCatalogue(as(null), { q: `compostaje ${tag}`, sort: 'relevance' }))).toEqual([inTitle.id, inText.id]);
	});
});

describe('facets and sorting', () => {
	it('filters by theme, SDG, country, size band, year and recognition, and counts each facet over the matches', async () => {
		const tag = uniqueToken();
		const small = await createExperience({ title: `Agua rural ${tag}`, themes: ['water-sanitation'], sdgs: ['SDG06'], population: 4000, reviewScores: [5, 5] });
		const large = await createExperience({ title: `Agua urbana ${tag}`, themes: ['water-sanitation', 'public-services'], sdgs: ['SDG06', 'SDG11'], population: 2_000_000, reviewScores: [3, 3] });
		const page = await searchCatalogue(as(null), { q: tag });
		expect(page.total).toBe(2);
		expect(page.facets.theme).toEqual(expect.arrayContaining([{ value: 'water-sanitation', count: 2 }, { value: 'public-services', count: 1 }]));
		expect(page.facets.size).toEqual([{ value: 'lt10k', count: 1 }, { value: 'gt1m', count: 1 }]);
		expect(page.facets.recognised).toEqual([{ value: 'true', count: 1 }]);
		expect(ids(await searchCatalogue(as(null), { q: tag, sdg: 'SDG11' }))).toEqual([large.id]);
		expect(ids(await searchCatalogue(as(null), { q: tag, size: 'lt10k' }))).toEqual([small.id]);
		expect(ids(await searchCatalogue(as(null), { q: tag, recognised: 'true' }))).toEqual([small.id]);
		expect(ids(await searchCatalogue(as(null), { q: tag, country: small.place.countryCode.toLowerCase() }))).toContain(small.id);
		expect(ids(await searchCatalogue(as(null), { q: tag, year: '2020' }))).toHaveLength(2);
		expect(ids(await searchCatalogue(as(null), { q: tag, sort: 'score' }))).toEqual([small.id, large.id]);
	});

	it('refuses malformed filters with the field named', async () => {
		await expect(searchCatalogue(as(null), { size: 'huge', year: 'soon', pageSize: '1000' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: expect.arrayContaining([expect.objectContaining({ field: 'size' }), expect.objectContaining({ field: 'year' }), expect.objectContaining({ field: 'pageSize' })])
		});
	});
});

describe('what the catalogue shows', () => {
	it('never lists drafts, submissions or experiences in review, and drops unpublished ones', async () => {
		const tag = uniqueToken();
		await createExperience({ stage: 'draft', title: `Borrador ${tag}` });
		await createExperience({ stage: 'submitted', title: `Enviada ${tag}` });
		await createExperience({ stage: 'in_review', title: `En evaluación ${tag}` });
		const published = await createExperience({ title: `Publicada ${tag}` });
		expect(ids(await searchCatalogue(as(null), { q: tag }))).toEqual([published.id]);
		await transitionExperience(as(published.secretariat), published.id, { action: 'unpublish', comment: 'Datos por revisar' });
		expect(ids(await searchCatalogue(as(null), { q: tag }))).toEqual([]);
	});

	it('shows the reader\'s language when translated, else the original, and re-marks recognition when the threshold changes', async () => {
		const tag = uniqueToken();
		const { id } = await createExperience({ locale: 'pt', title: `Feiras livres ${tag}`, reviewScores: [4, 4] });
		const [item] = (await searchCatalogue(as(null, 'es'), { q: tag })).items;
		expect(item).toMatchObject({ id, title: `Feiras livres ${tag}`, locale: 'pt', translated: false, recognised: true, score: 4 });
		const secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
		await setRecognitionThreshold(as(secretariat), { threshold: '4.5' });
		expect((await searchCatalogue(as(null), { q: tag })).items[0].recognised).toBe(false);
		await setRecognitionThreshold(as(secretariat), { threshold: '4' });
		await expect(setRecognitionThreshold(as(await createUser()), { threshold: '1' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('relates experiences that share themes', async () => {
		const tag = uniqueToken();
		const first = await createExperience({ title: `Huertas urbanas ${tag}`, themes: ['indigenous-peoples', 'green-spaces'] });
		const second = await createExperience({ title: `Huertas escolares ${tag}`, themes: ['indigenous-peoples'] });
		expect((await listRelatedExperiences(as(null), first.id)).map((item) => item.id)).toContain(second.id);
	});
});
