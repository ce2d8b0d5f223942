import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { checkImport, getImport, runImport, uploadImport } from './import-service';
import { proposeInstitution, searchDirectory } from './service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const csv = (name: string, text: string) => new File([text], name, { type: 'text/csv' });
let secretariat: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

describe('bulk import', () => {
	it('guesses the mapping, lists every row\'s errors in a dry run that writes nothing, then imports all rows', async () => {
		const tag = uniqueToken();
		await proposeInstitution(as(secretariat), { name: `Existente ${tag}`, kind: 'ngo', countryCode: 'PE' });
		const bad = [
			'Nombre,Tipo,País,Sitio web,Temas',
			`Norte ${tag},ngo,PE,https://uno.example.org,housing`,
			`Sur ${tag},bank,XYZ,notaurl,unknown-theme`,
			`Norte ${tag},ngo,pe,,`,
			`Existente ${tag},ngo,PE,,`
		].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'institution', file: csv('instituciones.csv', bad) });
		const job = await getImport(as(secretariat), id);
		expect(job.mapping).toEqual({ name: 'Nombre', kind: 'Tipo', countryCode: 'País', website: 'Sitio web', themes: 'Temas' });
		const report = await checkImport(as(secretariat), id, job.mapping);
		expect(report.errors).toEqual(
			expect.arrayContaining([
				{ row: 3, field: 'kind', messageKey: 'error_field_invalid' },
				{ row: 3, field: 'countryCode', messageKey: 'error_country_code' },
				{ row: 3, field: 'website', messageKey: 'error_url_invalid' },
				{ row: 3, field: 'themes', messageKey: 'error_field_invalid' },
				{ row: 4, field: 'name', messageKey: 'error_import_duplicate_in_file' },
				{ row: 5, field: 'name', messageKey: 'error_institution_duplicate' }
			])
		);
		expect((await searchDirectory(as(null), { q: `norte ${tag}` })).total).toBe(0);

		const good = ['Nombre,Tipo,País,Temas', `Norte ${tag},ngo,PE,housing`, `Sur ${tag},foundation,BO,`].join('\n');
		const second = await uploadImport(as(secretariat), { type: 'institution', file: csv('ok.csv', good) });
		const clean = await checkImport(as(secretariat), second.id, (await getImport(as(secretariat), second.id)).mapping);
		expect(clean.errorCount).toBe(0);
		const seen: number[] = [];
		await runImport(secretariat, second.id, (done) => seen.push(done));
		expect(seen).toEqual([1, 2]);
		expect((await getImport(as(secretariat), second.id)).status).toBe('done');
		expect((await searchDirectory(as(null), { q: tag, type: 'institution' })).total).toBe(3);
	});

	it('imports all rows or none: a row that fails at commit time leaves nothing behind', async () => {
		const tag = uniqueToken();
		const text = ['name,kind,countryCode', `Alfa ${tag},ngo,CL`, `Beta ${tag},ngo,CL`].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'institution', file: csv('a.csv', text) });
		expect((await checkImport(as(secretariat), id, (await getImport(as(secretariat), id)).mapping)).errorCount).toBe(0);
		// Someone registers Beta between the dry run and the commit.
		await proposeInstitution(as(secretariat), { name: `Beta ${tag}`, kind: 'ngo', countryCode: 'CL' });
		await runImport(secretariat, id);
		const job = await getImport(as(secretariat), id);
		expect(job).toMatchObject({ status: 'failed', errors: [{ row: 3, field: 'name', messageKey: 'error_institution_duplicate' }] });
		expect((await searchDirectory(as(null), { q: `alfa ${tag}` })).total).toBe(0);
	});

	it('imports funding calls naming their funder, and refuses non-secretariat users and non-CSV files', async () => {
		const tag = uniqueToken();
		await proposeInstitution(as(secretariat), { name: `Fondo ${tag}`, kind: 'foundation', countryCode: 'AR' });
		const text = ['financiador,titulo,apertura,cierre,zona horaria', `Fondo ${tag},Llamado ${tag},2026-01-01,2099-01-01T12:00,America/Argentina/Buenos_Aires`, `Nadie ${tag},Otro ${tag},2026-01-01,2025-01-01,UTC`].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'funding_call', file: csv('calls.csv', text) });
		const report = await checkImport(as(secretariat), id, (await getImport(as(secretariat), id)).mapping);
		expect(report.errors).toEqual(
			expect.arrayContaining([
				{ row: 3, field: 'funder', messageKey: 'error_import_funder_unknown' },
				{ row: 3, field: 'closesAt', messageKey: 'error_closes_before_opens' }
			])
		);
		await expect(uploadImport(as(await createUser()), { type: 'institution', file: csv('x.csv', text) })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(uploadImport(as(secretariat), { type: 'institution', file: csv('x.csv', 'solo una línea') })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ messageKey: 'error_import_empty' }] });
	});
});
