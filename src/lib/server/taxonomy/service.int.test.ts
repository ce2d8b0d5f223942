import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueToken } from '../../../../tests/factories';
import { getDb } from '../db';
import { createTheme, getTaxonomy, listTermsForAdmin, loadReferenceTaxonomy, updateTerm } from './service';

const as = (actor: Awaited<ReturnType<typeof createAdmin>> | null) => ({ actor, locale: 'es' as const });

describe('reference taxonomy', () => {
	it('loads four areas, their themes and the 17 SDGs, in three languages, idempotently', async () => {
		await loadReferenceTaxonomy(getDb());
		expect(await loadReferenceTaxonomy(getDb())).toBe(0);
		const taxonomy = await getTaxonomy({ locale: 'en' });
		expect(taxonomy.areas.map((area) => area.code)).toEqual(['governance', 'economic', 'social', 'environmental']);
		expect(taxonomy.areas.flatMap((area) => area.themes).length).toBeGreaterThanOrEqual(40);
		expect(taxonomy.sdgs).toHaveLength(17);
		expect(taxonomy.sdgs[12]).toEqual({ code: 'SDG13', number: 13, label: 'Climate action' });
		const inPortuguese = await getTaxonomy({ locale: 'pt' });
		expect(inPortuguese.areas[3].themes.find((theme) => theme.code === 'water-sanitation')?.label).toBe('Água e saneamento');
	});

	it('keeps an administrator’s wording when the reference data is loaded again', async () => {
		await loadReferenceTaxonomy(getDb());
		const admin = await createAdmin();
		const wording = { es: `Turismo ${uniqueToken()}`, pt: 'Turismo comunitário', en: 'Community tourism' };
		await updateTerm(as(admin), { facet: 'theme', code: 'tourism', ...wording, active: 'on' });
		await loadReferenceTaxonomy(getDb());
		const tourism = (await listTermsForAdmin(as(admin))).find((term) => term.code === 'tourism');
		expect(tourism).toMatchObject({ labels: wording, active: true, edited: true });
	});

	it('refuses a broken reference file as a whole', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'cabildo-taxonomy-'));
		writeFileSync(path.join(dir, 'themes.json'), JSON.stringify({ areas: [{ code: 'x', labels: { es: 'X' }, themes: [] }] }));
		writeFileSync(path.join(dir, 'sdgs.json'), readFileSync('reference-data/taxonomy/sdgs.json'));
		await expect(loadReferenceTaxonomy(getDb(), dir)).rejects.toThrow();
	});
});

describe('editing the vocabulary', () => {
	it('is for administrators only', async () => {
		await loadReferenceTaxonomy(getDb());
		const secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
		const input = { facet: 'sdg', code: 'SDG01', es: 'a', pt: 'b', en: 'c' };
		await expect(updateTerm(as(secretariat), input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateTerm(as(null), input)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});

	it('switches a term off, which hides it from the public vocabulary', async () => {
		const admin = await createAdmin();
		const code = `prueba-${uniqueToken()}`;
		await loadReferenceTaxonomy(getDb());
		await createTheme(as(admin), { area: 'social', code, es: 'Prueba', pt: 'Teste', en: 'Test' });
		expect((await getTaxonomy({ locale: 'es' })).areas[2].themes.map((theme) => theme.code)).toContain(code);
		await updateTerm(as(admin), { facet: 'theme', code, es: 'Prueba', pt: 'Teste', en: 'Test' });
		expect((await getTaxonomy({ locale: 'es' })).areas[2].themes.map((theme) => theme.code)).not.toContain(code);
	});

	it('names missing labels and refuses duplicate or malformed codes', async () => {
		const admin = await createAdmin();
		await loadReferenceTaxonomy(getDb());
		await expect(updateTerm(as(admin), { facet: 'theme', code: 'housing', es: '', pt: 'Habitação', en: 'Housing' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'es', messageKey: 'error_field_required' }]
		});
		await expect(createTheme(as(admin), { area: 'social', code: 'housing', es: 'a', pt: 'b', en: 'c' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await expect(createTheme(as(admin), { area: 'social', code: 'Bad Code', es: 'a', pt: 'b', en: 'c' })).rejects.toMatchObject({
			fields: [{ field: 'code', messageKey: 'error_taxonomy_code' }]
		});
		await expect(updateTerm(as(admin), { facet: 'theme', code: 'nope', es: 'a', pt: 'b', en: 'c' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});
