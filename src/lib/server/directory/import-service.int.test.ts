import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import { testDatabaseKind } from '../../../../tests/helpers/db';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { createExpertProfile, getExpertProfile } from './expert-service';
import { selectImportJob, updateImportJob, updateImportProgress } from './import-queries';
import { commitImport, directoryImportJob, importJobHandlers } from './import-job';
import { checkImport, getImport, PROGRESS_STEP, runImport, uploadImport } from './import-service';
import { proposeInstitution, searchDirectory } from './service';
import { moderateEntry } from './moderation-service';

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
		await runImport(secretariat, second.id, (done) => void seen.push(done));
		expect(seen).toEqual([2]);
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

	it('checks an experts CSV row by row without writing anything, then creates every profile verified and findable', async () => {
		const tag = uniqueToken();
		const place = await createMunicipality();
		const acronym = `R${tag}`.toUpperCase();
		const { id: organisationId } = await proposeInstitution(as(secretariat), { name: `Red ${tag}`, acronym, kind: 'ngo', countryCode: 'PE' });
		const bad = [
			'Nombre,Correo,Países,Competencias,Idiomas,Municipios,Organización,Fecha de consentimiento,Forma de consentimiento',
			`Ana ${tag},ana.${tag}@example.org,PE CO,water-sanitation:leading; public-finance:experienced,es pt,${place.id},${acronym.toLowerCase()},2026-03-01,Formulario firmado en Lima`,
			`Luis ${tag},no-es-correo,XYZ,local-finance:leading; housing:guru,es,QM-1,Nadie ${tag},2026-03-01,Correo del 1 de marzo`,
			`Ana ${tag},ANA.${tag}@example.org,PE,,,,,2026-03-01,Formulario`,
			`Eva ${tag},,,,,,,,`
		].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'expert', file: csv('expertos.csv', bad) });
		const job = await getImport(as(secretariat), id);
		expect(job.mapping).toEqual({
			name: 'Nombre',
			email: 'Correo',
			countries: 'Países',
			competencies: 'Competencias',
			languages: 'Idiomas',
			municipalityIds: 'Municipios',
			organisationName: 'Organización',
			consentOn: 'Fecha de consentimiento',
			consentNote: 'Forma de consentimiento'
		});
		// Without the consent columns there is no dry run.
		const unmapped = await checkImport(as(secretariat), id, { ...job.mapping, consentOn: '', consentNote: '' });
		expect(unmapped.errors).toEqual([
			{ row: 0, field: 'consentOn', messageKey: 'error_import_unmapped' },
			{ row: 0, field: 'consentNote', messageKey: 'error_import_unmapped' }
		]);
		const report = await checkImport(as(secretariat), id, job.mapping);
		expect(report.errors.filter((error) => error.row === 2)).toEqual([]);
		expect(report.errors).toEqual(
			expect.arrayContaining([
				{ row: 3, field: 'email', messageKey: 'error_email_invalid' },
				{ row: 3, field: 'countries', messageKey: 'error_country_code' },
				{ row: 3, field: 'competencies', messageKey: 'error_field_invalid' },
				{ row: 3, field: 'municipalityIds', messageKey: 'error_municipality_unknown' },
				{ row: 3, field: 'organisationName', messageKey: 'error_institution_unknown' },
				{ row: 4, field: 'name', messageKey: 'error_import_expert_duplicate_in_file' },
				{ row: 5, field: 'consentOn', messageKey: 'error_consent_required' },
				{ row: 5, field: 'consentNote', messageKey: 'error_consent_required' }
			])
		);
		expect(report.errorCount).toBe(8);
		expect((await searchDirectory(as(null), { q: tag, type: 'expert' })).total).toBe(0);

		const good = [
			'name,email,competencies,languages,countries,municipalities,organisation,availability,consent date,consent note',
			`Ana ${tag},ana.${tag}@example.org,water-sanitation:leading; public-finance:experienced,es pt,PE CO,${place.id},${acronym},limited,2026-03-01,Formulario firmado en Lima`,
			`Luis ${tag},,housing:working,es,BO,,,,2026-03-02,Correo del 2 de marzo`
		].join('\n');
		const second = await uploadImport(as(secretariat), { type: 'expert', file: csv('experts.csv', good) });
		expect((await checkImport(as(secretariat), second.id, (await getImport(as(secretariat), second.id)).mapping)).errors).toEqual([]);
		const seen: number[] = [];
		await runImport(secretariat, second.id, (done) => void seen.push(done));
		expect(seen).toEqual([2]);
		expect((await getImport(as(secretariat), second.id)).status).toBe('done');
		expect((await searchDirectory(as(null), { q: tag, type: 'expert' })).total).toBe(2);
		const found = await searchDirectory(as(null), { q: tag, theme: 'water-sanitation', language: 'pt', availability: 'limited' });
		expect(found.items).toMatchObject([{ type: 'expert', title: `Ana ${tag}` }]);
		const profile = await getExpertProfile(as(secretariat), found.items[0].id);
		expect(profile).toMatchObject({
			status: 'verified',
			organisation: { id: organisationId },
			municipalities: [{ id: place.id }],
			countries: ['PE', 'CO'],
			competencies: [
				{ theme: 'public-finance', level: 'experienced' },
				{ theme: 'water-sanitation', level: 'leading' }
			]
		});

		// The same file again would create every profile twice.
		const again = await uploadImport(as(secretariat), { type: 'expert', file: csv('experts.csv', good) });
		const repeated = await checkImport(as(secretariat), again.id, (await getImport(as(secretariat), again.id)).mapping);
		expect(repeated.errors).toEqual([
			{ row: 2, field: 'name', messageKey: 'error_import_expert_exists' },
			{ row: 3, field: 'name', messageKey: 'error_import_expert_exists' }
		]);
	});

	it('refuses in the dry run a services CSV naming a provider not in the directory, and imports a clean one', async () => {
		const tag = uniqueToken();
		const acronym = `I${tag}`.toUpperCase();
		await proposeInstitution(as(secretariat), { name: `Instituto ${tag}`, acronym, kind: 'training_institute', countryCode: 'EC' });
		const bad = [
			'Proveedor,Nombre,Tipo,Temas,Idiomas,Costo',
			`${acronym},Catastro ${tag},technical_assistance,public-finance,es pt,free`,
			`Nadie ${tag},Otro ${tag},training,,es,free`,
			`Instituto ${tag},catastro ${tag},training,,,`,
			`Instituto ${tag},Agua ${tag},consulting,unknown-theme,xx,gratis`
		].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'service', file: csv('servicios.csv', bad) });
		const job = await getImport(as(secretariat), id);
		expect(job.mapping).toEqual({ provider: 'Proveedor', name: 'Nombre', kind: 'Tipo', themes: 'Temas', languages: 'Idiomas', cost: 'Costo' });
		const report = await checkImport(as(secretariat), id, job.mapping);
		expect(report.errors).toEqual([
			{ row: 3, field: 'provider', messageKey: 'error_import_provider_unknown' },
			{ row: 4, field: 'name', messageKey: 'error_import_service_duplicate_in_file' },
			{ row: 5, field: 'themes', messageKey: 'error_field_invalid' },
			{ row: 5, field: 'kind', messageKey: 'error_field_invalid' },
			{ row: 5, field: 'languages', messageKey: 'error_field_invalid' },
			{ row: 5, field: 'cost', messageKey: 'error_field_invalid' }
		]);
		expect((await searchDirectory(as(null), { q: tag, type: 'service' })).total).toBe(0);

		const good = ['provider,name,kind,themes,serviceStatus', `${acronym},Catastro ${tag},technical_assistance,public-finance,active`, `Instituto ${tag},Agua ${tag},training,water-sanitation,inactive`].join('\n');
		const second = await uploadImport(as(secretariat), { type: 'service', file: csv('services.csv', good) });
		expect((await checkImport(as(secretariat), second.id, (await getImport(as(secretariat), second.id)).mapping)).errorCount).toBe(0);
		await runImport(secretariat, second.id);
		expect((await getImport(as(secretariat), second.id)).status).toBe('done');
		// The inactive one is kept but not listed.
		expect((await searchDirectory(as(null), { q: tag, type: 'service' })).items).toMatchObject([{ title: `Catastro ${tag}`, subtitle: `Instituto ${tag}` }]);
	});

	it('imports experts and services all or nothing: a row that fails at commit time leaves nothing behind', async () => {
		const tag = uniqueToken();
		await proposeInstitution(as(secretariat), { name: `Uno ${tag}`, kind: 'ngo', countryCode: 'CL' });
		const { id: rejected } = await proposeInstitution(as(secretariat), { name: `Dos ${tag}`, kind: 'ngo', countryCode: 'CL' });
		const services = ['provider,name,kind', `Uno ${tag},Alfa ${tag},training`, `Dos ${tag},Beta ${tag},training`].join('\n');
		const { id } = await uploadImport(as(secretariat), { type: 'service', file: csv('s.csv', services) });
		expect((await checkImport(as(secretariat), id, (await getImport(as(secretariat), id)).mapping)).errorCount).toBe(0);
		// The second provider is rejected between the dry run and the commit.
		await moderateEntry(as(secretariat), 'institution', rejected, { decision: 'reject', reason: 'Duplicada' });
		await runImport(secretariat, id);
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'failed', errors: [{ row: 3, field: 'provider', messageKey: 'error_import_provider_unknown' }] });
		expect((await searchDirectory(as(null), { q: tag, type: 'service' })).total).toBe(0);

		const experts = ['name,email,consentOn,consentNote', `Alfa ${tag},alfa.${tag}@example.org,2026-03-01,Taller`, `Beta ${tag},beta.${tag}@example.org,2026-03-01,Taller`].join('\n');
		const second = await uploadImport(as(secretariat), { type: 'expert', file: csv('e.csv', experts) });
		expect((await checkImport(as(secretariat), second.id, (await getImport(as(secretariat), second.id)).mapping)).errorCount).toBe(0);
		// Someone creates Beta's profile in the meantime.
		await createExpertProfile(as(secretariat), { name: `Beta ${tag}`, email: `beta.${tag}@example.org`, consentOn: '2026-02-01', consentNote: 'Correo' });
		await runImport(secretariat, second.id);
		expect(await getImport(as(secretariat), second.id)).toMatchObject({ status: 'failed', errors: [{ row: 3, field: 'name', messageKey: 'error_import_expert_exists' }] });
		expect((await searchDirectory(as(null), { q: `alfa ${tag}`, type: 'expert' })).total).toBe(0);
	});
});

describe('the progress of an import, kept in the database', () => {
	const institutions = (tag: string, count: number) => ['name,kind,countryCode', ...Array.from({ length: count }, (_, index) => `Lote ${tag} ${index},ngo,UY`)].join('\n');
	async function checkedImport(text: string): Promise<string> {
		const { id } = await uploadImport(as(secretariat), { type: 'institution', file: csv('lote.csv', text) });
		expect((await checkImport(as(secretariat), id, (await getImport(as(secretariat), id)).mapping)).errorCount).toBe(0);
		return id;
	}
	const handler = () => importJobHandlers.find((item) => item.definition.name === directoryImportJob.name)!;
	const payload = (importId: string) => ({ importId, actor: { id: secretariat.id, email: secretariat.email, name: secretariat.name } });

	it('stores the count every few rows, seen from another connection before the commit, and all rows once done', async () => {
		const total = PROGRESS_STEP + 20;
		const id = await checkedImport(institutions(uniqueToken(), total));
		const seen: number[] = [];
		const stored: { processed: number; status: string; progressAt: Date | null }[] = [];
		await runImport(secretariat, id, async (done) => {
			seen.push(done);
			// The pool's other connection, while the import's transaction is still open. PGlite has one connection,
			// busy with that transaction: nothing else reads until it ends, so nothing is written beside it.
			if (testDatabaseKind() === 'postgres') {
				const row = await selectImportJob(getDb(), id);
				stored.push({ processed: row.processed, status: row.status, progressAt: row.progressAt });
			}
		});
		expect(seen).toEqual([PROGRESS_STEP, total]);
		if (testDatabaseKind() === 'postgres') {
			expect(stored).toEqual([
				{ processed: PROGRESS_STEP, status: 'checked', progressAt: expect.any(Date) },
				{ processed: total, status: 'checked', progressAt: expect.any(Date) }
			]);
		}
		const row = await selectImportJob(getDb(), id);
		expect(row).toMatchObject({ status: 'done', processed: total, progressAt: expect.any(Date), finishedAt: expect.any(Date) });
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'done', processed: total, rowCount: total, progressAt: row.progressAt!.toISOString() });
	});

	it('runs the commit as a job whose attempt and count any server reads from the database', async () => {
		const id = await checkedImport(institutions(uniqueToken(), 3));
		await commitImport(as(secretariat), id);
		// The workers of this test process (tests/setup/integration-file.ts), or of another on PostgreSQL, run it.
		await expect.poll(async () => (await selectImportJob(getDb(), id)).status, { timeout: 20_000, interval: 200 }).toBe('done');
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'done', processed: 3, attempt: 1, progressAt: expect.any(String), errors: [] });
	});

	it('after a server died mid-import, its retry says so (attempt 2) and counts again from 0; a late write of the dead attempt is ignored', async () => {
		const id = await checkedImport(institutions(uniqueToken(), 2));
		// What the first attempt leaves when its server is killed: running, the count it had stored, nothing imported.
		await updateImportJob(getDb(), id, { status: 'running', attempt: 1, processed: 1, progressAt: new Date(Date.now() - 120_000) });
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'running', attempt: 1, processed: 1 });
		// pg-boss hands the job over again after the heartbeat stopped: its second attempt (0 is the first).
		await handler().run(payload(id), { id: 'retry', attempt: 1, signal: new AbortController().signal });
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'done', attempt: 2, processed: 2 });
		await updateImportProgress(getDb(), id, 1, 1);
		expect((await selectImportJob(getDb(), id)).processed).toBe(2);
	});

	it('marks an import given up after its last attempt as failed and interrupted, with nothing counted', async () => {
		const id = await checkedImport(institutions(uniqueToken(), 2));
		await updateImportJob(getDb(), id, { status: 'running', attempt: 2, processed: 1, progressAt: new Date() });
		await handler().onDeadLetter!(payload(id), 'job expired');
		expect(await getImport(as(secretariat), id)).toMatchObject({ status: 'failed', processed: 0, errors: [{ row: 0, field: '', messageKey: 'error_import_interrupted' }] });
	});
});
