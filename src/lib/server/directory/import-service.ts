import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Actor, ServiceContext } from '../context';
import { getAutonomousDb, getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import { AppError, isAppError, type FieldIssue } from '../errors/app-error';
import { validationErrorFrom } from '../errors/zod';
import { logger } from '../logger';
import { requireRole } from '../policy';
import { proposeService } from './cooperation-service';
import * as expertQueries from './expert-queries';
import { createExpertProfile } from './expert-service';
import * as importQueries from './import-queries';
import { importFields, requiredImportFields, type ImportType } from './import-fields';
import { labelImport } from './import-labels';
import { ZExpert, ZFundingCall, ZInstitution, ZService } from './schema';
import { fold, proposeCall, proposeInstitution } from './service';
import { findActiveTerms } from '../taxonomy';

export { importFields, requiredImportFields, type ImportType };

/** Largest file accepted (5 MB) and most rows. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

// Column names people use in Spanish, Portuguese and English, folded (no accents, lower case, no spaces), for the
// first guess of the mapping. Only the fields of the type imported are guessed, so two types may share a name.
const aliases: Record<string, string[]> = {
	name: ['name', 'nombre', 'nome', 'fullname', 'nombrecompleto', 'nomecompleto'],
	acronym: ['acronym', 'sigla', 'acronimo'],
	kind: ['kind', 'tipo', 'clase', 'type', 'modalidad', 'modalidade'],
	countryCode: ['countrycode', 'country', 'pais', 'codigopais'],
	countriesServed: ['countriesserved', 'paises', 'paisesdondetrabaja'],
	themes: ['themes', 'temas', 'topics'],
	sdgs: ['sdgs', 'ods'],
	description: ['description', 'descripcion', 'descricao'],
	website: ['website', 'web', 'sitioweb', 'url', 'site', 'paginaweb'],
	email: ['email', 'correo', 'e-mail', 'correoelectronico', 'mail'],
	phone: ['phone', 'telefono', 'telefone'],
	networkMember: ['networkmember', 'miembro', 'membro'],
	memberSince: ['membersince', 'miembrodesde'],
	funder: ['funder', 'financiador', 'funderid'],
	title: ['title', 'titulo'],
	opensAt: ['opensat', 'apertura', 'abre', 'opens'],
	closesAt: ['closesat', 'cierre', 'cierra', 'closes', 'deadline'],
	timeZone: ['timezone', 'zonahoraria', 'zona'],
	eligibleCountries: ['eligiblecountries', 'paiseselegibles'],
	eligibleApplicants: ['eligibleapplicants', 'postulantes', 'destinatarios', 'beneficiarios'],
	amountMin: ['amountmin', 'montominimo'],
	amountMax: ['amountmax', 'montomaximo'],
	currency: ['currency', 'moneda', 'moeda'],
	cofinancingPercent: ['cofinancingpercent', 'contrapartida'],
	howToApply: ['howtoapply', 'comopostular'],
	link: ['link', 'enlace'],
	// Experts
	headline: ['headline', 'titular', 'perfil', 'cargo', 'resumen', 'resumo'],
	bio: ['bio', 'biografia', 'biography', 'semblanza', 'trayectoria', 'trajetoria'],
	competencies: ['competencies', 'competencias', 'competences', 'skills'],
	languages: ['languages', 'idiomas', 'lenguas', 'linguas'],
	countries: ['countries', 'paises', 'country', 'pais'],
	municipalityIds: ['municipalityids', 'municipalities', 'municipios', 'municipalidades'],
	organisationName: ['organisation', 'organization', 'organisationname', 'organizationname', 'organizacion', 'organizacao', 'institucion', 'instituicao', 'institution', 'entidad'],
	availability: ['availability', 'disponibilidad', 'disponibilidade'],
	feeMin: ['feemin', 'honorariominimo', 'honorariosminimos', 'tarifaminima'],
	feeMax: ['feemax', 'honorariomaximo', 'honorariosmaximos', 'tarifamaxima'],
	feeCurrency: ['feecurrency', 'currency', 'moneda', 'moeda'],
	consentOn: ['consenton', 'consentdate', 'fechaconsentimiento', 'fechadeconsentimiento', 'dataconsentimento', 'datadoconsentimento'],
	consentNote: ['consentnote', 'notaconsentimiento', 'notadeconsentimiento', 'formaconsentimiento', 'formadeconsentimiento', 'notaconsentimento', 'formadoconsentimento'],
	// Cooperation services
	provider: ['provider', 'proveedor', 'provedor', 'fornecedor', 'oferente', 'institucion', 'instituicao', 'institution'],
	serviceStatus: ['servicestatus', 'estado', 'status', 'situacion', 'situacao'],
	eligibility: ['eligibility', 'elegibilidad', 'elegibilidade', 'requisitos', 'requirements'],
	serviceAreas: ['serviceareas', 'areas', 'paises', 'countries', 'cobertura', 'coverage'],
	cost: ['cost', 'costo', 'coste', 'custo'],
	costDetails: ['costdetails', 'detallecosto', 'detallesdelcosto', 'detalhescusto', 'detalhesdocusto'],
	howToRequest: ['howtorequest', 'comosolicitar', 'comopedir']
};
const foldHeader = (value: string) => fold(value).replace(/[^a-z0-9-]/g, '');

function parseCsv(text: string): string[][] {
	try {
		return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
	} catch {
		throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_import_not_csv' }] });
	}
}

const ZType = z.enum(['institution', 'funding_call', 'expert', 'service'], { message: 'error_field_invalid' });
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

/** A problem of one row (the header is row 1; row 0 is the file as a whole) in one field, as a message key. */
export type RowError = { row: number; field: string; messageKey: string; params?: Record<string, string | number> };

/**
 * An import job with its columns, mapping, a preview of the first rows, the dry run's errors and the progress as the
 * database holds it (the same on every server, and after a restart): rows done, the attempt, when it last moved.
 */
export async function getImport(ctx: ServiceContext, id: unknown) {
	requireRole(ctx.actor, 'secretariat');
	const parsed = ZId.safeParse(id);
	const job = parsed.success ? await importQueries.selectImportJob(ctx.tx ?? getDb(), parsed.data) : undefined;
	if (!job) throw new AppError('NOT_FOUND');
	const rows = parseCsv(job.csv);
	const type = job.entryType as ImportType;
	return {
		id: job.id,
		type,
		fileName: job.fileName,
		headers: rows[0],
		preview: rows.slice(1, 6),
		fields: importFields[type] as readonly string[],
		required: requiredImportFields[type],
		mapping: job.mapping,
		status: job.status,
		rowCount: job.rowCount,
		processed: job.processed,
		attempt: job.attempt,
		progressAt: job.progressAt?.toISOString() ?? null,
		errors: job.errors as RowError[]
	};
}

/** The import's page: the import, its fields' labels and its rows' errors worded in the reader's language. */
export async function getImportPage(ctx: ServiceContext, id: unknown) {
	return labelImport(await getImport(ctx, id), ctx.locale);
}

function rowInput(headers: string[], row: string[], mapping: Record<string, string>): Record<string, string> {
	const input: Record<string, string> = {};
	for (const [field, column] of Object.entries(mapping)) {
		const index = headers.indexOf(column);
		const value = index >= 0 ? (row[index] ?? '').trim() : '';
		if (value !== '') input[field] = value;
	}
	return input;
}

const listItems = (value: string | undefined) => (value ?? '').split(/[\s,;]+/).filter(Boolean);

/**
 * An expert's competencies as a CSV cell writes them, `water-sanitation:leading; public-finance:experienced`, read
 * into the schema's array (an item without a level gets an empty one, which the schema refuses).
 */
function parseCompetencies(value: string | undefined): { theme: string; level: string }[] {
	return (value ?? '')
		.split(/[;,\n]+/)
		.map((item) => item.trim())
		.filter(Boolean)
		.map((item) => {
			const cut = item.search(/[:=]/);
			return cut < 0 ? { theme: item.toLowerCase(), level: '' } : { theme: item.slice(0, cut).trim().toLowerCase(), level: item.slice(cut + 1).trim().toLowerCase() };
		});
}

// Municipality ids as the expert schema keeps them (country code in capitals); the malformed ones it refuses itself.
const municipalityIdsOf = (value: string | undefined) =>
	listItems(value)
		.filter((id) => /^[A-Za-z]{2}-[0-9A-Za-z]+$/.test(id))
		.map((id) => id.slice(0, 2).toUpperCase() + id.slice(2));

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/** What the dry run and the commit look up once for the whole file. */
interface Lookups {
	/** Active theme codes among those the file names. */
	themes: Set<string>;
	/** Funders, providers or organisations the file names: lower-cased name (acronym, id) → id. */
	institutions: Map<string, string>;
	/** Municipality ids of the gazetteer among those the file names. */
	municipalities: Set<string>;
	/** Duplicate keys (see `duplicateKey`) of the entries already in the directory. */
	existing: Set<string>;
}

async function lookUp(db: Executor, type: ImportType, inputs: Record<string, string>[]): Promise<Lookups> {
	const themeCodes = new Set(inputs.flatMap((input) => (type === 'expert' ? parseCompetencies(input.competencies).map((item) => item.theme) : listItems(input.themes))));
	const references = (field: string) => inputs.map((input) => input[field] ?? '').filter(Boolean);
	let institutions = new Map<string, string>();
	let existing = new Set<string>();
	let municipalities = new Set<string>();
	if (type === 'institution') existing = await importQueries.selectExistingInstitutionKeys(db);
	if (type === 'funding_call') institutions = await importQueries.selectInstitutionIdsByName(db, [...new Set(references('funder'))]);
	if (type === 'expert') {
		institutions = await importQueries.selectInstitutionIdsByReference(db, references('organisationName'));
		const ids = [...new Set(inputs.flatMap((input) => municipalityIdsOf(input.municipalityIds)))];
		municipalities = new Set((await expertQueries.selectMunicipalityNames(db, ids)).keys());
		existing = new Set((await importQueries.selectExpertNamesAndEmails(db)).map((row) => expertKey(row.name, row.email)));
	}
	if (type === 'service') {
		institutions = await importQueries.selectInstitutionIdsByReference(db, references('provider'), true);
		existing = new Set((await importQueries.selectServiceNamesByProvider(db)).map((row) => `${row.institutionId}|${fold(row.name.trim())}`));
	}
	return { themes: await findActiveTerms(db, 'theme', [...themeCodes]), institutions, municipalities, existing };
}

const expertKey = (name: string, email: string | null | undefined) => `${fold(name.trim())}|${(email ?? '').trim().toLowerCase()}`;

// The institution a row names (a call's funder, a service's provider), if it is in the directory.
function institutionOf(type: ImportType, input: Record<string, string>, lookups: Lookups): string | undefined {
	if (type === 'funding_call') return lookups.institutions.get((input.funder ?? '').toLowerCase()) ?? (ZId.safeParse(input.funder).success ? input.funder : undefined);
	if (type === 'service') return lookups.institutions.get((input.provider ?? '').toLowerCase());
	return undefined;
}

/** A row as the service the forms use reads it. */
function serviceInput(type: ImportType, input: Record<string, string>, lookups: Lookups): Record<string, unknown> {
	if (type === 'funding_call') return { ...input, funderId: institutionOf(type, input, lookups) ?? input.funder };
	if (type === 'expert') return { ...input, competencies: parseCompetencies(input.competencies) };
	if (type === 'service') return { ...input, institutionId: institutionOf(type, input, lookups) };
	return input;
}

// What makes two rows the same entry: an institution's name in its country, an expert's name and e-mail, a
// service's name at its provider.
function duplicateKey(type: ImportType, input: Record<string, string>, lookups: Lookups): string | undefined {
	if (type === 'institution') return `${(input.name ?? '').toLowerCase()}|${(input.countryCode ?? '').toUpperCase()}`;
	if (type === 'expert') return input.name ? expertKey(input.name, input.email) : undefined;
	if (type === 'service') {
		const provider = institutionOf(type, input, lookups);
		return provider && input.name ? `${provider}|${fold(input.name.trim())}` : undefined;
	}
	return undefined;
}

// The message keys of a row repeating an earlier one or an entry of the directory (calls may repeat).
const duplicateKeys: Partial<Record<ImportType, { inFile: string; existing: string }>> = {
	institution: { inFile: 'error_import_duplicate_in_file', existing: 'error_institution_duplicate' },
	expert: { inFile: 'error_import_expert_duplicate_in_file', existing: 'error_import_expert_exists' },
	service: { inFile: 'error_import_service_duplicate_in_file', existing: 'error_import_service_exists' }
};

/** Tells, row after row, whether one repeats an earlier row or an entry of the directory (the message key), or neither. */
function duplicateChecker(type: ImportType, lookups: Lookups) {
	const seen = new Set<string>();
	const messages = duplicateKeys[type];
	return (input: Record<string, string>): string | undefined => {
		const key = duplicateKey(type, input, lookups);
		if (key === undefined || !messages) return undefined;
		const found = seen.has(key) ? messages.inFile : lookups.existing.has(key) ? messages.existing : undefined;
		seen.add(key);
		return found;
	};
}

// An issue the schema or a service reports on a field goes to the CSV column that holds it: an item of a list (or of
// the competencies) to the list, an institution's id to the column that names the institution.
function columnOf(type: ImportType, field: string): string {
	const top = field.split('.')[0];
	if (type === 'funding_call' && top === 'funderId') return 'funder';
	if (type === 'service' && top === 'institutionId') return 'provider';
	return top;
}

const schemas = { institution: ZInstitution, funding_call: ZFundingCall, expert: ZExpert, service: ZService } as const;

/**
 * Every problem of one row, as the form would report it (same schema, same message keys) plus what the service
 * would find in the database: unknown themes, municipalities, funders, providers, organisations; missing consent.
 */
function checkRow(type: ImportType, input: Record<string, string>, lookups: Lookups): FieldIssue[] {
	const issues: FieldIssue[] = [];
	const value = serviceInput(type, input, lookups);
	if (listItems(input.themes).some((code) => !lookups.themes.has(code))) issues.push({ field: 'themes', messageKey: 'error_field_invalid' });
	const institutionId = institutionOf(type, input, lookups);
	if (type === 'funding_call' && !institutionId) issues.push({ field: 'funder', messageKey: 'error_import_funder_unknown' });
	if (type === 'service' && input.provider && !institutionId) issues.push({ field: 'provider', messageKey: 'error_import_provider_unknown' });
	if (type === 'expert') {
		if (parseCompetencies(input.competencies).some((item) => !lookups.themes.has(item.theme))) issues.push({ field: 'competencies', messageKey: 'error_field_invalid' });
		if (input.organisationName && !lookups.institutions.has(input.organisationName.toLowerCase())) issues.push({ field: 'organisationName', messageKey: 'error_institution_unknown' });
		if (municipalityIdsOf(input.municipalityIds).some((id) => !lookups.municipalities.has(id))) issues.push({ field: 'municipalityIds', messageKey: 'error_municipality_unknown' });
		for (const field of ['consentOn', 'consentNote']) if (!input[field]) issues.push({ field, messageKey: 'error_consent_required' });
	}
	// An unknown funder or provider is reported once, not again as a missing id.
	const named = type === 'funding_call' ? { funderId: institutionId ?? PLACEHOLDER_ID } : type === 'service' && input.provider ? { institutionId: institutionId ?? PLACEHOLDER_ID } : {};
	const parsed = schemas[type].safeParse({ ...value, ...named });
	if (!parsed.success) issues.push(...validationErrorFrom(parsed.error).fields);
	const seen = new Set<string>();
	return issues
		.map((issue) => ({ ...issue, field: columnOf(type, issue.field) }))
		.filter((issue) => {
			const key = `${issue.field}|${issue.messageKey}`;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
}

const rowError = (row: number, issue: FieldIssue): RowError => ({ row, field: issue.field, messageKey: issue.messageKey, ...(issue.params ? { params: issue.params } : {}) });

/**
 * Saves the column mapping and checks every row without writing anything (the dry run): field errors, unknown
 * themes, funders, providers and municipalities, missing consent, and duplicates within the file or with existing
 * entries, each with its row.
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
	for (const field of job.required) if (!mapping[field]) errors.push({ row: 0, field, messageKey: 'error_import_unmapped' });
	if (!errors.length) {
		const inputs = rows.slice(1).map((row) => rowInput(headers, row, mapping));
		const lookups = await lookUp(db, job.type, inputs);
		const duplicate = duplicateChecker(job.type, lookups);
		inputs.forEach((input, index) => {
			const row = index + 2; // the header is line 1
			for (const issue of checkRow(job.type, input, lookups)) errors.push(rowError(row, issue));
			const found = duplicate(input);
			if (found) errors.push({ row, field: 'name', messageKey: found });
		});
	}
	await importQueries.updateImportJob(db, job.id, { mapping, errors: errors.slice(0, 1000), status: 'checked' });
	return { errors: errors.slice(0, 1000), errorCount: errors.length, rowCount: job.rowCount };
}

// Creates one row's entry through the service its form uses, so that every rule is the same.
async function importRow(ctx: ServiceContext, type: ImportType, input: Record<string, string>, lookups: Lookups): Promise<void> {
	const value = serviceInput(type, input, lookups);
	if (type === 'institution') await proposeInstitution(ctx, value);
	else if (type === 'funding_call') await proposeCall(ctx, value);
	else if (type === 'expert') await createExpertProfile(ctx, value);
	else {
		if (input.provider && !value.institutionId) throw new AppError('VALIDATION', { fields: [{ field: 'provider', messageKey: 'error_import_provider_unknown' }] });
		await proposeService(ctx, value);
	}
}

/** Rows between two writes of an import's progress: at most 200 small writes for the largest file. */
export const PROGRESS_STEP = 100;

/**
 * Imports every row in one transaction (all or nothing), as the secretariat, through the same services as the forms;
 * returns when done. Every `PROGRESS_STEP` rows, and after the last, the count is stored outside that transaction
 * (see getAutonomousDb) and then `onProgress` is told.
 */
export async function runImport(actor: Actor, id: string, onProgress: (done: number) => void | Promise<void> = () => {}): Promise<void> {
	const db = getDb();
	const job = await importQueries.selectImportJob(db, id);
	if (!job) throw new AppError('NOT_FOUND');
	const type = job.entryType as ImportType;
	const rows = parseCsv(job.csv);
	const headers = rows[0];
	const autonomous = getAutonomousDb();
	const storeProgress = async (done: number) => {
		// The count only informs the page: a failed write must not undo the import.
		if (autonomous) await importQueries.updateImportProgress(autonomous, id, job.attempt, done).catch((error: unknown) => logger.warn({ err: error, importJob: id }, 'import progress not stored'));
		await onProgress(done);
	};
	try {
		await inTransaction(db, async (tx) => {
			const ctx = { actor, locale: 'es' as const, tx };
			const inputs = rows.slice(1).map((row) => rowInput(headers, row, job.mapping));
			const lookups = await lookUp(tx, type, inputs);
			// Checked again: an entry may have been added since the dry run (institutions' own service refuses them too).
			const duplicate = duplicateChecker(type, lookups);
			for (const [index, input] of inputs.entries()) {
				try {
					const found = duplicate(input);
					if (found) throw new AppError('CONFLICT', { fields: [{ field: 'name', messageKey: found }] });
					await importRow(ctx, type, input, lookups);
				} catch (error) {
					const issue = isAppError(error) ? error.fields[0] : undefined;
					throw new ImportRowError(issue ? rowError(index + 2, { ...issue, field: columnOf(type, issue.field) }) : { row: index + 2, field: '', messageKey: 'error_internal' }, error);
				}
				const done = index + 1;
				if (done % PROGRESS_STEP === 0 || done === inputs.length) await storeProgress(done);
			}
			await importQueries.updateImportJob(tx, id, { status: 'done', processed: rows.length - 1, progressAt: new Date(), finishedAt: new Date(), errors: [] });
			await recordAudit(tx, { actorId: actor.id, action: 'directory.imported', subjectType: 'import_job', subjectId: id, details: { type, rows: rows.length - 1 } });
		});
	} catch (error) {
		const rowError = error instanceof ImportRowError ? error.detail : { row: 0, field: '', messageKey: 'error_internal' };
		if (!(error instanceof ImportRowError) || !isAppError(error.cause)) logger.error({ err: error, importJob: id }, 'import failed');
		// Nothing of the rows counted so far stayed.
		await importQueries.updateImportJob(db, id, { status: 'failed', errors: [rowError], processed: 0, finishedAt: new Date() });
	}
}

class ImportRowError extends Error {
	constructor(
		readonly detail: RowError,
		cause?: unknown
	) {
		super(`row ${detail.row}: ${detail.messageKey}`, { cause });
	}
}
