import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { recordAudit } from '../audit/service';
import type { Database } from '../db';
import { invalidateGazetteer } from './gazetteer-cache';
import * as queries from './load-queries';
import { normalizeSearchText } from './normalize';
import { countryOfFileName, readTerritoryCsv, type RowError, type TerritoryRow } from './territory-csv';

export type { RowError } from './territory-csv';

/** What loading one file did; `rejected` means nothing of the file was written. */
export interface TerritoryLoadReport {
	file: string;
	country: string | null;
	status: 'loaded' | 'rejected';
	added: number;
	changed: number;
	unchanged: number;
	/** Rows the manifest excludes (not municipalities). */
	skipped: number;
	/** Stored municipalities of the country the file does not list; kept, since other records may point at them. */
	notInFile: number;
	errors: RowError[];
}

/** Options of a load: who ran it (null for the command line and the first start). */
export interface TerritoryLoadOptions {
	actorId?: string | null;
}

const fileName = z.string().regex(/^[\w-]+\.csv$/, 'must be a plain .csv file name in the same folder');

const ZManifest = z.object({
	files: z.array(fileName).min(1),
	// Data file → sidecar CSV with a `code` column listing rows that are not municipalities.
	exclude: z.record(fileName, fileName).default({})
});

/** Whether any municipality is stored, so the first start knows to load the gazetteer. */
export function hasTerritories(db: Database): Promise<boolean> {
	return queries.selectAnyMunicipality(db);
}

/** Loads every file the directory's manifest.json names, in order, each on its own all-or-nothing. */
export async function loadTerritoryDirectory(
	db: Database,
	dir: string,
	options: TerritoryLoadOptions = {}
): Promise<TerritoryLoadReport[]> {
	const manifestPath = path.join(dir, 'manifest.json');
	let manifest: z.infer<typeof ZManifest>;
	try {
		manifest = ZManifest.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
	} catch (error) {
		throw new Error(`Cannot read the gazetteer manifest ${manifestPath}: ${(error as Error).message}`, { cause: error });
	}
	const reports: TerritoryLoadReport[] = [];
	for (const file of manifest.files) {
		const excludeFile = manifest.exclude[file];
		let excludedCodes = new Set<string>();
		if (excludeFile) {
			try {
				excludedCodes = await readExcludedCodes(path.join(dir, excludeFile));
			} catch (error) {
				// Without its exclusions the file would add non-municipalities: refuse it rather than guess.
				reports.push(rejected(file, [{ row: 0, field: 'exclude', message: `${excludeFile}: ${(error as Error).message}` }]));
				continue;
			}
		}
		reports.push(await loadFile(db, path.join(dir, file), options, excludedCodes));
	}
	return reports;
}

// Sidecars list codes that the source counts as municipalities but are not (Colombia's áreas no municipalizadas).
async function readExcludedCodes(file: string): Promise<Set<string>> {
	const records = parse(await readFile(file, 'utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
	if (records.length && !('code' in records[0])) throw new Error('has no "code" column');
	return new Set(records.map((record) => record.code.trim()).filter(Boolean));
}

/**
 * Loads one gazetteer CSV without exclusions: a file with any invalid row writes nothing; otherwise new rows
 * are added and changed rows updated in one transaction with its audit event, and unchanged rows are left alone.
 */
export async function loadTerritoryFile(db: Database, filePath: string, options: TerritoryLoadOptions = {}): Promise<TerritoryLoadReport> {
	return loadFile(db, filePath, options, new Set());
}

async function loadFile(db: Database, filePath: string, options: TerritoryLoadOptions, excludedCodes: Set<string>): Promise<TerritoryLoadReport> {
	const file = path.basename(filePath);
	let parsed: Awaited<ReturnType<typeof readTerritoryCsv>>;
	try {
		parsed = await readTerritoryCsv(filePath);
	} catch (error) {
		return rejected(file, [{ row: 0, field: 'file', message: `cannot be read: ${(error as Error).message}` }]);
	}
	const country = countryOfFileName(file) ?? parsed.rows[0]?.countryCode ?? null;
	if (parsed.errors.length || !country) return { ...rejected(file, parsed.errors), country };

	const rows = parsed.rows.filter((row) => !excludedCodes.has(row.code));
	const report: TerritoryLoadReport = {
		file,
		country,
		status: 'loaded',
		added: 0,
		changed: 0,
		unchanged: 0,
		skipped: parsed.rows.length - rows.length,
		notInFile: 0,
		errors: []
	};

	await db.transaction(async (tx) => {
		const countryAdded = await queries.insertCountryIfMissing(tx, country);

		const storedUnits = new Map((await queries.selectAdmin1OfCountry(tx, country)).map((unit) => [unit.code, unit.name]));
		const units = distinctAdmin1(rows);
		const newUnits = units.filter((unit) => !storedUnits.has(unit.code));
		const renamedUnits = units.filter((unit) => storedUnits.has(unit.code) && storedUnits.get(unit.code) !== unit.name);
		await queries.insertAdmin1(tx, country, newUnits);
		for (const unit of renamedUnits) await queries.updateAdmin1Name(tx, country, unit.code, unit.name);

		const stored = new Map((await queries.selectMunicipalitiesOfCountry(tx, country)).map((row) => [row.id, row]));
		const writes: queries.NewMunicipality[] = [];
		for (const row of rows) {
			const next = toMunicipality(country, row);
			const before = stored.get(next.id);
			stored.delete(next.id);
			if (before && sameMunicipality(before, next)) {
				report.unchanged++;
				continue;
			}
			if (before) report.changed++;
			else report.added++;
			writes.push(next);
		}
		report.notInFile = stored.size;
		await queries.upsertMunicipalities(tx, writes);

		// A run that changes nothing leaves no trace, so loading on every deploy does not flood the audit log.
		if (countryAdded || newUnits.length || renamedUnits.length || writes.length) {
			await recordAudit(tx, {
				actorId: options.actorId ?? null,
				action: 'territories.file_loaded',
				subjectType: 'territory_file',
				subjectId: file,
				details: {
					country,
					added: report.added,
					changed: report.changed,
					unchanged: report.unchanged,
					skipped: report.skipped,
					notInFile: report.notInFile,
					admin1Added: newUnits.length,
					admin1Renamed: renamedUnits.length
				}
			});
		}
	});
	if (report.added || report.changed) invalidateGazetteer();
	return report;
}

function rejected(file: string, errors: RowError[]): TerritoryLoadReport {
	return {
		file,
		country: countryOfFileName(file) ?? null,
		status: 'rejected',
		added: 0,
		changed: 0,
		unchanged: 0,
		skipped: 0,
		notInFile: 0,
		errors
	};
}

function toMunicipality(country: string, row: TerritoryRow): queries.NewMunicipality & { id: string; searchName: string } {
	return {
		id: `${country}-${row.code}`,
		countryCode: country,
		code: row.code,
		name: row.name,
		searchName: normalizeSearchText(row.name),
		admin1Code: row.admin1Code,
		population: row.population,
		populationYear: row.populationYear,
		latitude: row.latitude,
		longitude: row.longitude,
		source: row.source
	};
}

// searchName is compared too, so a change to normalizeSearchText reaches stored rows on the next load.
function sameMunicipality(stored: queries.StoredMunicipality, next: ReturnType<typeof toMunicipality>): boolean {
	return (
		stored.name === next.name &&
		stored.searchName === next.searchName &&
		stored.admin1Code === next.admin1Code &&
		stored.population === next.population &&
		stored.populationYear === next.populationYear &&
		stored.latitude === next.latitude &&
		stored.longitude === next.longitude &&
		stored.source === next.source
	);
}

function distinctAdmin1(rows: TerritoryRow[]): { code: string; name: string }[] {
	const units = new Map<string, string>();
	for (const row of rows) if (!units.has(row.admin1Code)) units.set(row.admin1Code, row.admin1Name);
	return [...units].map(([code, name]) => ({ code, name }));
}
