import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { recordAudit } from '../audit';
import type { Database } from '../db';
import { invalidateGazetteer } from './gazetteer-cache';
import * as queries from './load-queries';
import { normalizeSearchText } from './normalize';
import { parseTerritoryCsv, type RowError, type TerritoryRow } from './territory-csv';

/** What loading one file did. */
export interface TerritoryLoadReport {
	file: string;
	country: string | null;
	status: 'loaded' | 'rejected';
	added: number;
	changed: number;
	unchanged: number;
	skipped: number;
	errors: RowError[];
}

const ZManifest = z.object({
	files: z.array(z.string().regex(/^[\w-]+\.csv$/)).min(1),
	exclude: z.record(z.string(), z.string().regex(/^[\w-]+\.csv$/)).default({})
});

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
		reports.push(await loadTerritoryFile(db, path.join(dir, file), { ...options, excludedCodes: excluded }));
	}
	return reports;
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
	options: { actorId?: string | null; excludedCodes?: Set<string> } = {}
): Promise<TerritoryLoadReport> {
	const file = path.basename(filePath);
	const expectedCountry = /^([a-z]{2})[._]/.exec(file)?.[1]?.toUpperCase();
	const { rows: parsed, errors } = parseTerritoryCsv(await readFile(filePath, 'utf8'), expectedCountry);
	const report: TerritoryLoadReport = { file, country: expectedCountry ?? parsed[0]?.countryCode ?? null, status: 'rejected', added: 0, changed: 0, unchanged: 0, skipped: 0, errors };
	if (errors.length || !report.country) return report;
	const country = report.country;
	const rows = parsed.filter((row) => !options.excludedCodes?.has(row.code));
	report.skipped = parsed.length - rows.length;

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

function sameRecord(stored: Awaited<ReturnType<typeof queries.selectMunicipalitiesOfCountry>>[number], row: TerritoryRow): boolean {
	return (
		stored.name === row.name &&
		stored.admin1Code === row.admin1Code &&
		stored.population === row.population &&
		stored.populationYear === row.populationYear &&
		stored.latitude === row.latitude &&
		stored.longitude === row.longitude &&
		stored.source === row.source
	);
}

function toInsert(id: string, row: TerritoryRow): queries.NewMunicipality {
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
		source: row.source
	};
}

function distinctAdmin1(rows: TerritoryRow[]): { code: string; name: string }[] {
	const units = new Map<string, string>();
	for (const row of rows) if (!units.has(row.admin1Code)) units.set(row.admin1Code, row.admin1Name);
	return [...units].map(([code, name]) => ({ code, name }));
}
