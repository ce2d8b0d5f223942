import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Database } from '../db';
import { invalidateGazetteer } from './gazetteer-cache';
import * as queries from './load-queries';
import { normalizeSearchText } from './normalize';
import { parseLocationCsv, parseNationalTotalsCsv, parsePopulationCsv, parseUnitsWithoutCodeCsv, type LocationValue, type PopulationValue } from './reference-csv';
import { parseTerritoryCsv, type RowError, type TerritoryRow } from './territory-csv';

/** What loading one file did. */
export interface TerritoryLoadReport {
	file: string;
	country: string | null;
	/** `listed`: units without a code, kept as known but not loaded as municipalities. */
	status: 'loaded' | 'listed' | 'rejected';
	added: number;
	changed: number;
	unchanged: number;
	skipped: number;
	errors: RowError[];
	/** Sidecar files merged into this country file, with how many values each gave. */
	sidecars?: { file: string; values: number; skipped: number }[];
}

const csvName = z.string().regex(/^[\w-]+\.csv$/);
const sidecarName = (folder: string) => z.string().regex(new RegExp(`^${folder}/[a-z]{2}\\.csv$`));
const ZCountryLevel = z.object({
	level: z.string().min(1).max(60),
	plural: z.string().min(1).max(60),
	codeSystem: z.string().min(1).max(200)
});
const ZManifest = z.object({
	files: z.array(csvName).min(1),
	exclude: z.record(z.string(), csvName).default({}),
	population: z.record(z.string(), sidecarName('population')).default({}),
	coordinates: z.record(z.string(), sidecarName('coordinates')).default({}),
	withoutCode: z.record(z.string(), csvName).default({}),
	nationalTotals: csvName.optional(),
	countries: z.record(z.string().regex(/^[A-Z]{2}$/), ZCountryLevel).default({})
});
export type TerritoryManifest = z.infer<typeof ZManifest>;

/** Whether the gazetteer has been loaded at least once. */
export function hasTerritories(db: Database): Promise<boolean> {
	return queries.selectAnyMunicipality(db);
}

/** Loads every file named in the directory's manifest.json, each all-or-nothing. */
export async function loadTerritoryDirectory(
	db: Database,
	dir: string,
	options: { actorId?: string | null } = {}
): Promise<TerritoryLoadReport[]> {
	const manifest = ZManifest.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
	const reports: TerritoryLoadReport[] = [];
	for (const file of manifest.files) {
		const excludeFile = manifest.exclude[file];
		const excluded = excludeFile ? await readExcludedCodes(path.join(dir, excludeFile)) : new Set<string>();
		const sidecar = (name: string | undefined) => (name ? path.join(dir, name) : undefined);
		reports.push(
			await loadTerritoryFile(db, path.join(dir, file), {
				...options,
				excludedCodes: excluded,
				populationFile: sidecar(manifest.population[file]),
				coordinatesFile: sidecar(manifest.coordinates[file])
			})
		);
	}
	reports.push(await loadCountryReferences(db, dir, manifest, options));
	for (const [file, listFile] of Object.entries(manifest.withoutCode)) {
		const country = /^([a-z]{2})[._]/.exec(file)?.[1]?.toUpperCase() ?? '';
		reports.push(await loadUnitsWithoutCode(db, path.join(dir, listFile), country, options));
	}
	return reports;
}

/**
 * The countries' own level words and code systems (manifest.json) and national populations (the national totals
 * file): one report, all or nothing, unchanged countries left alone.
 */
export async function loadCountryReferences(
	db: Database,
	dir: string,
	manifest: Pick<TerritoryManifest, 'nationalTotals' | 'countries'>,
	options: { actorId?: string | null } = {}
): Promise<TerritoryLoadReport> {
	const file = manifest.nationalTotals ?? 'manifest.json';
	const totals = manifest.nationalTotals ? parseNationalTotalsCsv(await readFile(path.join(dir, manifest.nationalTotals), 'utf8')) : { rows: [], errors: [] };
	const report: TerritoryLoadReport = { file, country: null, status: 'rejected', added: 0, changed: 0, unchanged: 0, skipped: 0, errors: totals.errors };
	if (totals.errors.length) return report;
	const byCountry = new Map(totals.rows.map((row) => [row.countryCode, row]));
	const codes = [...new Set([...Object.keys(manifest.countries), ...byCountry.keys()])].sort();
	await db.transaction(async (tx) => {
		const existing = new Map((await queries.selectCountryReferences(tx)).map((row) => [row.code, row]));
		const writes: queries.CountryReference[] = [];
		for (const code of codes) {
			const level = manifest.countries[code];
			const total = byCountry.get(code);
			const next: queries.CountryReference = {
				code,
				levelName: level?.level ?? null,
				levelNamePlural: level?.plural ?? null,
				codeSystem: level?.codeSystem ?? null,
				nationalPopulation: total?.population ?? null,
				nationalPopulationYear: total?.populationYear ?? null,
				nationalPopulationSource: total?.source ?? null
			};
			const before = existing.get(code);
			if (before && (Object.keys(next) as (keyof queries.CountryReference)[]).every((key) => before[key] === next[key])) {
				report.unchanged++;
				continue;
			}
			if (before?.levelName || before?.nationalPopulation) report.changed++;
			else report.added++;
			writes.push(next);
		}
		if (!writes.length) return;
		await queries.upsertCountryReferences(tx, writes);
		await recordAudit(tx, {
			actorId: options.actorId ?? null,
			action: 'territories.file_loaded',
			subjectType: 'territory_file',
			subjectId: file,
			details: { added: report.added, changed: report.changed, unchanged: report.unchanged }
		});
	});
	report.status = 'loaded';
	if (report.added || report.changed) invalidateGazetteer();
	return report;
}

/**
 * A file of units a source names without a code: they are listed (for the "about the data" page) and never loaded
 * as municipalities, because Cabildo does not make up codes. Loading it again changes nothing.
 */
export async function loadUnitsWithoutCode(
	db: Database,
	filePath: string,
	country: string,
	options: { actorId?: string | null } = {}
): Promise<TerritoryLoadReport> {
	const file = path.basename(filePath);
	const { rows, errors } = parseUnitsWithoutCodeCsv(await readFile(filePath, 'utf8'), country);
	const report: TerritoryLoadReport = { file, country, status: 'rejected', added: 0, changed: 0, unchanged: 0, skipped: 0, errors };
	if (errors.length) return report;
	await db.transaction(async (tx) => {
		const before = await queries.selectUnitsWithoutCode(tx, file);
		const key = (row: { admin1Name: string; name: string; source: string }) => `${row.admin1Name}|${row.name}|${row.source}`;
		const known = new Set(before.map(key));
		for (const row of rows) {
			if (known.has(key(row))) report.unchanged++;
			else report.added++;
		}
		report.changed = Math.max(0, before.length - report.unchanged);
		if (!report.added && !report.changed) return;
		await queries.upsertCountry(tx, country);
		await queries.replaceUnitsWithoutCode(
			tx,
			file,
			rows.map((row) => ({ countryCode: country, name: row.name, admin1Name: row.admin1Name, file, source: row.source }))
		);
		await recordAudit(tx, {
			actorId: options.actorId ?? null,
			action: 'territories.file_loaded',
			subjectType: 'territory_file',
			subjectId: file,
			details: { country, listed: rows.length, loaded: 0 }
		});
	});
	report.status = 'listed';
	return report;
}

// Sidecar files list codes that the source calls municipalities but are not (e.g. Colombia's áreas no municipalizadas).
async function readExcludedCodes(file: string): Promise<Set<string>> {
	const lines = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).slice(1);
	return new Set(lines.map((line) => line.split(',')[0]?.trim()).filter((code): code is string => !!code));
}

/**
 * Loads one gazetteer CSV: a file with any invalid row writes nothing; otherwise new rows are added and
 * changed rows updated in one transaction with its audit event, and unchanged rows are left alone.
 */
export async function loadTerritoryFile(
	db: Database,
	filePath: string,
	options: { actorId?: string | null; excludedCodes?: Set<string>; populationFile?: string; coordinatesFile?: string } = {}
): Promise<TerritoryLoadReport> {
	const file = path.basename(filePath);
	const expectedCountry = /^([a-z]{2})[._]/.exec(file)?.[1]?.toUpperCase();
	const { rows: parsed, errors } = parseTerritoryCsv(await readFile(filePath, 'utf8'), expectedCountry);
	const report: TerritoryLoadReport = { file, country: expectedCountry ?? parsed[0]?.countryCode ?? null, status: 'rejected', added: 0, changed: 0, unchanged: 0, skipped: 0, errors };
	if (errors.length || !report.country) return report;
	const country = report.country;
	const kept = parsed.filter((row) => !options.excludedCodes?.has(row.code));
	report.skipped = parsed.length - kept.length;
	const rows = await mergeSidecars(kept, country, options, report);
	if (report.errors.length) return report;

	await db.transaction(async (tx) => {
		const existing = new Map((await queries.selectMunicipalitiesOfCountry(tx, country)).map((row) => [row.id, row]));
		const writes: queries.NewMunicipality[] = [];
		for (const row of rows) {
			const id = `${country}-${row.code}`;
			const before = existing.get(id);
			if (before && sameRecord(before, row)) {
				report.unchanged++;
				continue;
			}
			if (before) report.changed++;
			else report.added++;
			writes.push(toInsert(id, row));
		}
		if (writes.length) {
			await queries.upsertCountry(tx, country);
			await queries.upsertAdmin1(tx, country, distinctAdmin1(rows));
			await queries.upsertMunicipalities(tx, writes);
			await recordAudit(tx, {
				actorId: options.actorId ?? null,
				action: 'territories.file_loaded',
				subjectType: 'territory_file',
				subjectId: file,
				details: { country, added: report.added, changed: report.changed, unchanged: report.unchanged, skipped: report.skipped }
			});
		}
	});
	report.status = 'loaded';
	if (report.added || report.changed) invalidateGazetteer();
	return report;
}

/** A country file's row with the sidecars' values merged in, and where each of those came from. */
type MergedRow = TerritoryRow & { populationSource: string | null; locationSource: string | null };

/** What sets one kind of sidecar apart: how its file is read, the cell its values fill, and how they fill it. */
interface SidecarKind<V extends { line: number; code: string }> {
	parse: (text: string, country: string) => { rows: V[]; errors: RowError[] };
	/** The country file's cell a value may only fill when empty; a filled one is reported under this name. */
	field: 'population' | 'latitude';
	/** What the country file already has, in the error: "… already has coordinates in co.csv". */
	noun: string;
	fill: (row: MergedRow, value: V) => void;
}

const populationSidecar: SidecarKind<PopulationValue> = {
	parse: parsePopulationCsv,
	field: 'population',
	noun: 'a population',
	fill: (row, value) => Object.assign(row, { population: value.population, populationYear: value.populationYear, populationSource: value.source })
};

const coordinatesSidecar: SidecarKind<LocationValue> = {
	parse: parseLocationCsv,
	field: 'latitude',
	noun: 'coordinates',
	fill: (row, value) => Object.assign(row, { latitude: value.latitude, longitude: value.longitude, locationSource: value.source })
};

/** The rows a sidecar adds to, by code, and what it must leave alone. */
interface SidecarTarget {
	country: string;
	/** The country file's name, for the errors. */
	countryFile: string;
	rows: Map<string, MergedRow>;
	excludedCodes?: Set<string>;
}

/**
 * Fills the target's rows with one sidecar file's values: a code the country file excludes is skipped, one it lacks
 * and a cell it already fills are errors. Returns how many values were applied and skipped, and the errors.
 */
function applySidecar<V extends { line: number; code: string }>(text: string, kind: SidecarKind<V>, target: SidecarTarget): { values: number; skipped: number; errors: RowError[] } {
	const { rows: values, errors } = kind.parse(text, target.country);
	let applied = 0;
	let skipped = 0;
	for (const value of values) {
		if (target.excludedCodes?.has(value.code)) {
			skipped++;
			continue;
		}
		const row = target.rows.get(value.code);
		if (!row) {
			errors.push({ row: value.line, field: 'code', message: `${value.code} is not in ${target.countryFile}` });
			continue;
		}
		if (row[kind.field] !== null) {
			errors.push({ row: value.line, field: kind.field, message: `${value.code} already has ${kind.noun} in ${target.countryFile}` });
			continue;
		}
		kind.fill(row, value);
		applied++;
	}
	return { values: applied, skipped, errors };
}

/**
 * Adds the population and coordinates of the sidecar files to the rows, by code. A sidecar may only fill a cell the
 * country file leaves empty, and only for a code it has; codes the country file excludes are skipped. Any problem
 * is reported under the sidecar's name and the country file is then refused whole.
 */
async function mergeSidecars(
	rows: TerritoryRow[],
	country: string,
	options: { excludedCodes?: Set<string>; populationFile?: string; coordinatesFile?: string },
	report: TerritoryLoadReport
): Promise<MergedRow[]> {
	const target: SidecarTarget = {
		country,
		countryFile: report.file,
		rows: new Map(rows.map((row) => [row.code, { ...row, populationSource: null, locationSource: null }])),
		excludedCodes: options.excludedCodes
	};
	// Population first, then coordinates: the order of the report's sidecars.
	const sidecars: { filePath: string; apply: (text: string) => ReturnType<typeof applySidecar> }[] = [];
	if (options.populationFile) sidecars.push({ filePath: options.populationFile, apply: (text) => applySidecar(text, populationSidecar, target) });
	if (options.coordinatesFile) sidecars.push({ filePath: options.coordinatesFile, apply: (text) => applySidecar(text, coordinatesSidecar, target) });
	if (sidecars.length) report.sidecars = [];
	for (const sidecar of sidecars) {
		const file = `${path.basename(path.dirname(sidecar.filePath))}/${path.basename(sidecar.filePath)}`;
		const result = sidecar.apply(await readFile(sidecar.filePath, 'utf8'));
		report.sidecars?.push({ file, values: result.values, skipped: result.skipped });
		report.errors.push(...result.errors.map((error) => ({ ...error, field: `${file}: ${error.field}` })));
	}
	return [...target.rows.values()];
}

function sameRecord(stored: Awaited<ReturnType<typeof queries.selectMunicipalitiesOfCountry>>[number], row: MergedRow): boolean {
	return (
		stored.name === row.name &&
		stored.admin1Code === row.admin1Code &&
		stored.population === row.population &&
		stored.populationYear === row.populationYear &&
		stored.latitude === row.latitude &&
		stored.longitude === row.longitude &&
		stored.source === row.source &&
		stored.populationSource === row.populationSource &&
		stored.locationSource === row.locationSource
	);
}

function toInsert(id: string, row: MergedRow): queries.NewMunicipality {
	return {
		id,
		countryCode: row.countryCode,
		code: row.code,
		name: row.name,
		searchName: normalizeSearchText(row.name),
		admin1Code: row.admin1Code,
		population: row.population,
		populationYear: row.populationYear,
		latitude: row.latitude,
		longitude: row.longitude,
		source: row.source,
		populationSource: row.populationSource,
		locationSource: row.locationSource
	};
}

function distinctAdmin1(rows: TerritoryRow[]): { code: string; name: string }[] {
	const units = new Map<string, string>();
	for (const row of rows) if (!units.has(row.admin1Code)) units.set(row.admin1Code, row.admin1Name);
	return [...units].map(([code, name]) => ({ code, name }));
}
