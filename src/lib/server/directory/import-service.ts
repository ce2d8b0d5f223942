import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { recordAudit } from '../audit/service';
import type { Actor, ServiceContext } from '../context';
import { getDb } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError, isAppError } from '../errors/app-error';
import { logger } from '../logger';
import { requireRole } from '../roles/policy';
import * as queries from './queries';
import * as importQueries from './import-queries';
import { ZFundingCall, ZInstitution } from './schema';
import { fold, proposeCall, proposeInstitution } from './service';

/** What can be imported, and the fields a CSV column can be mapped to (required ones first). */
export const importFields = {
	institution: ['name', 'kind', 'countryCode', 'acronym', 'countriesServed', 'themes', 'description', 'website', 'email', 'phone', 'networkMember', 'memberSince'],
	funding_call: ['funder', 'title', 'opensAt', 'closesAt', 'timeZone', 'description', 'themes', 'sdgs', 'eligibleCountries', 'eligibleApplicants', 'amountMin', 'amountMax', 'currency', 'cofinancingPercent', 'howToApply', 'link']
} as const;
type ImportType = keyof typeof importFields;

/** Largest file accepted (5 MB) and most rows. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

// Column names people use, folded (no accents, lower case, no spaces), for the first guess of the mapping.
const aliases: Record<string, string[]> = {
	name: ['name', 'nombre', 'nome'],
	acronym: ['acronym', 'sigla', 'acronimo'],
	kind: ['kind', 'tipo', 'clase', 'type'],
	countryCode: ['countrycode', 'country', 'pais', 'codigopais'],
	countriesServed: ['countriesserved', 'paises', 'paisesdondetrabaja'],
	themes: ['themes', 'temas'],
	sdgs: ['sdgs', 'ods'],
	description: ['description', 'descripcion', 'descricao'],
	website: ['website', 'web', 'sitioweb', 'url'],
	email: ['email', 'correo', 'e-mail'],
	phone: ['phone', 'telefono', 'telefone'],
	networkMember: ['networkmember', 'miembro', 'membro'],
	memberSince: ['membersince', 'miembrodesde'],
	funder: ['funder', 'financiador', 'funderid'],
	title: ['title', 'titulo'],
	opensAt: ['opensat', 'apertura', 'abre', 'opens'],
	closesAt: ['closesat', 'cierre', 'cierra', 'closes', 'deadline'],
	timeZone: ['timezone', 'zonahoraria', 'zona'],
	eligibleCountries: ['eligiblecountries', 'paiseselegibles'],
	eligibleApplicants: ['eligibleapplicants', 'postulantes'],
	amountMin: ['amountmin', 'montominimo'],
	amountMax: ['amountmax', 'montomaximo'],
	currency: ['currency', 'moneda'],
	cofinancingPercent: ['cofinancingpercent', 'contrapartida'],
	howToApply: ['howtoapply', 'comopostular'],
	link: ['link', 'enlace']
};
const foldHeader = (value: string) => fold(value).replace(/[^a-z0-9-]/g, '');

function parseCsv(text: string): string[][] {
	try {
		return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
	} catch {
		throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_import_not_csv' }] });
	}
}

const ZType = z.enum(['institution', 'funding_call'], { message: 'error_field_invalid' });
const ZId = z.uuid();

/** The secretariat uploads a CSV (5 MB, 20,000 rows at most); the columns are matched to fields by their names as a first guess. */
export async function uploadImport(ctx: ServiceContext, input: { type: unknown; file: unknown }): Promise<{ id: string }> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const type = ZType.safeParse(input.type);
	if (!type.success) throw new AppError('VALIDATION', { fields: [{ field: 'type', messageKey: 'error_field_invalid' }] });
	if (!(input.file instanceof File) || !input.file.size) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_file_missing' }] });
	if (input.file.size > MAX_IMPORT_BYTES) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_import_too_large' }] });
	const text = await input.file.text();
	const rows = parseCsv(text);
	if (rows.length < 2) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_import_empty' }] });
	if (rows.length - 1 > MAX_IMPORT_ROWS) throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_import_too_large' }] });
	const headers = rows[0];
	const mapping: Record<string, string> = {};
	for (const field of importFields[type.data]) {
		const match = headers.find((header) => aliases[field]?.includes(foldHeader(header)));
		if (match) mapping[field] = match;
	}
	const id = await importQueries.insertImportJob(ctx.tx ?? getDb(), { entryType: type.data, fileName: input.file.name.slice(0, 200), csv: text, mapping, rowCount: rows.length - 1, createdBy: actor.id });
	return { id };
}

// Progress of imports running in this process (the commit is one transaction, so it cannot be written to the database as it goes).
const progress = new Map<string, number>();

/** An import job with its columns, mapping, a preview of the first rows, the dry run's errors and the progress. */
export async function getImport(ctx: ServiceContext, id: unknown) {
	requireRole(ctx.actor, 'secretariat');
	const parsed = ZId.safeParse(id);
	const job = parsed.success ? await importQueries.selectImportJob(ctx.tx ?? getDb(), parsed.data) : undefined;
	if (!job) throw new AppError('NOT_FOUND');
	const rows = parseCsv(job.csv);
	return {
		id: job.id,
		type: job.entryType as ImportType,
		fileName: job.fileName,
		headers: rows[0],
		preview: rows.slice(1, 6),
		fields: importFields[job.entryType as ImportType],
		mapping: job.mapping,
		status: job.status,
		rowCount: job.rowCount,
		processed: job.status === 'running' ? (progress.get(job.id) ?? 0) : job.processed,
		errors: job.errors
	};
}

type RowError = { row: number; field: string; messageKey: string };

function rowInput(headers: string[], row: string[], mapping: Record<string, string>): Record<string, string> {
	const input: Record<string, string> = {};
	for (const [field, column] of Object.entries(mapping)) {
		const index = headers.indexOf(column);
		const value = index >= 0 ? (row[index] ?? '').trim() : '';
		if (value !== '') input[field] = value;
	}
	return input;
}

/**
 * Saves the column mapping and checks every row without writing anything (the dry run): field errors, unknown
 * themes, funders not in the directory, and duplicates within the file or with existing entries, each with its row.
 */
export async function checkImport(ctx: ServiceContext, id: unknown, mappingInput: Record<string, string>) {
	requireRole(ctx.actor, 'secretariat');
	const db = ctx.tx ?? getDb();
	const job = await getImport(ctx, id);
	if (job.status === 'running' || job.status === 'done') throw new AppError('CONFLICT', { fields: [{ field: 'mapping', messageKey: 'error_import_finished' }] });
	const mapping = Object.fromEntries(
		job.fields.flatMap((field) => (mappingInput[field] && job.headers.includes(mappingInput[field]) ? [[field, mappingInput[field]]] : []))
	);
	const rows = parseCsv((await importQueries.selectImportJob(db, job.id))!.csv);
	const headers = rows[0];
	const errors: RowError[] = [];
	const required = job.type === 'institution' ? ['name', 'kind', 'countryCode'] : ['funder', 'title', 'opensAt', 'closesAt', 'timeZone'];
	for (const field of required) if (!mapping[field]) errors.push({ row: 0, field, messageKey: 'error_import_unmapped' });
	if (!errors.length) {
		const inputs = rows.slice(1).map((row) => rowInput(headers, row, mapping));
		const themeCodes = [...new Set(inputs.flatMap((input) => (input.themes ?? '').split(/[\s,;]+/).filter(Boolean)))];
		const knownThemes = await queries.selectActiveTerms(db, 'theme', themeCodes);
		const existing = job.type === 'institution' ? await importQueries.selectExistingInstitutionKeys(db) : new Set<string>();
		const funders = job.type === 'funding_call' ? await importQueries.selectInstitutionIdsByName(db, [...new Set(inputs.map((input) => input.funder ?? '').filter(Boolean))]) : new Map<string, string>();
		const seen = new Set<string>();
		inputs.forEach((input, index) => {
			const row = index + 2; // the header is line 1
			if ((input.themes ?? '').split(/[\s,;]+/).some((code) => code && !knownThemes.has(code))) errors.push({ row, field: 'themes', messageKey: 'error_field_invalid' });
			if (job.type === 'institution') {
				const result = ZInstitution.safeParse(input);
				if (!result.success) for (const issue of result.error.issues) errors.push({ row, field: String(issue.path[0] ?? ''), messageKey: issue.message.startsWith('error_') ? issue.message : 'error_field_invalid' });
				const key = `${(input.name ?? '').toLowerCase()}|${(input.countryCode ?? '').toUpperCase()}`;
				if (seen.has(key)) errors.push({ row, field: 'name', messageKey: 'error_import_duplicate_in_file' });
				else if (existing.has(key)) errors.push({ row, field: 'name', messageKey: 'error_institution_duplicate' });
				seen.add(key);
			} else {
				const funderId = funders.get((input.funder ?? '').toLowerCase()) ?? (ZId.safeParse(input.funder).success ? input.funder : undefined);
				if (!funderId) errors.push({ row, field: 'funder', messageKey: 'error_import_funder_unknown' });
				const result = ZFundingCall.safeParse({ ...input, funderId: funderId ?? '00000000-0000-4000-8000-000000000000' });
				if (!result.success) for (const issue of result.error.issues) errors.push({ row, field: String(issue.path[0] ?? ''), messageKey: issue.message.startsWith('error_') ? issue.message : 'error_field_invalid' });
			}
		});
	}
	await importQueries.updateImportJob(db, job.id, { mapping, errors: errors.slice(0, 1000), status: 'checked' });
	return { errors: errors.slice(0, 1000), errorCount: errors.length, rowCount: job.rowCount };
}

/**
 * Imports every row in one transaction (all or nothing), as the secretariat, through the same services as the forms;
 * returns when done. `onProgress` is told after every row.
 */
export async function runImport(actor: Actor, id: string, onProgress: (done: number) => void = () => {}): Promise<void> {
	const db = getDb();
	const job = await importQueries.selectImportJob(db, id);
	if (!job) throw new AppError('NOT_FOUND');
	const rows = parseCsv(job.csv);
	const headers = rows[0];
	try {
		await inTransaction(db, async (tx) => {
			const ctx = { actor, locale: 'es' as const, tx };
			const funders =
				job.entryType === 'funding_call'
					? await importQueries.selectInstitutionIdsByName(tx, [...new Set(rows.slice(1).map((row) => rowInput(headers, row, job.mapping).funder ?? '').filter(Boolean))])
					: new Map<string, string>();
			for (const [index, row] of rows.slice(1).entries()) {
				const input = rowInput(headers, row, job.mapping);
				try {
					if (job.entryType === 'institution') await proposeInstitution(ctx, input);
					else await proposeCall(ctx, { ...input, funderId: funders.get((input.funder ?? '').toLowerCase()) ?? input.funder });
				} catch (error) {
					const field = isAppError(error) ? (error.fields[0]?.field ?? '') : '';
					const messageKey = isAppError(error) ? (error.fields[0]?.messageKey ?? 'error_internal') : 'error_internal';
					throw new ImportRowError({ row: index + 2, field, messageKey });
				}
				onProgress(index + 1);
			}
			await importQueries.updateImportJob(tx, id, { status: 'done', processed: rows.length - 1, finishedAt: new Date(), errors: [] });
			await recordAudit(tx, { actorId: actor.id, action: 'directory.imported', subjectType: 'import_job', subjectId: id, details: { type: job.entryType, rows: rows.length - 1 } });
		});
	} catch (error) {
		const rowError = error instanceof ImportRowError ? error.detail : { row: 0, field: '', messageKey: 'error_internal' };
		if (!(error instanceof ImportRowError)) logger.error({ err: error, importJob: id }, 'import failed');
		await importQueries.updateImportJob(db, id, { status: 'failed', errors: [rowError], finishedAt: new Date() });
	}
}

class ImportRowError extends Error {
	constructor(readonly detail: RowError) {
		super(`row ${detail.row}: ${detail.messageKey}`);
	}
}

/** The secretariat commits a checked import without errors; it runs in the background and the page shows its progress. */
export async function commitImport(ctx: ServiceContext, id: unknown): Promise<void> {
	const actor = requireRole(ctx.actor, 'secretariat');
	const job = await getImport(ctx, id);
	if (job.status !== 'checked' || job.errors.length) throw new AppError('CONFLICT', { fields: [{ field: 'mapping', messageKey: 'error_import_not_checked' }] });
	await importQueries.updateImportJob(ctx.tx ?? getDb(), job.id, { status: 'running' });
	progress.set(job.id, 0);
	void runImport(actor, job.id, (done) => progress.set(job.id, done)).finally(() => progress.delete(job.id));
}
