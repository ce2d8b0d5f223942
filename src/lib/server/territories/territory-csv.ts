import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import { z } from 'zod';

/** The columns every gazetteer CSV has, in this order (SOURCES.md). */
export const TERRITORY_COLUMNS = [
	'country_iso2',
	'code',
	'name',
	'admin1_code',
	'admin1_name',
	'population',
	'population_year',
	'latitude',
	'longitude',
	'source'
] as const;

/** One validated row of a gazetteer CSV. */
export interface TerritoryRow {
	/** Line of the row in the file (the header is line 1), so later problems can point at it. */
	line: number;
	countryCode: string;
	code: string;
	name: string;
	admin1Code: string;
	admin1Name: string;
	population: number | null;
	populationYear: number | null;
	latitude: number | null;
	longitude: number | null;
	source: string;
}

/** A problem with one row: its line in the file (the header is line 1), the column and what is wrong. */
export interface RowError {
	row: number;
	field: string;
	message: string;
}

/** The valid rows of a file and every problem found; a file with any problem must not be loaded. */
export interface ParsedTerritoryFile {
	rows: TerritoryRow[];
	errors: RowError[];
}

// The population column is a PostgreSQL integer.
const MAX_POPULATION = 2_147_483_647;

// Control characters (a stray newline inside quotes, a tab) would end up in names shown on every page.
const printable = (label: string, max: number) =>
	z
		.string()
		.trim()
		.min(1, 'is empty')
		.max(max, `is longer than ${max} characters`)
		.regex(/^[^\p{Cc}]*$/u, `contains a line break or control character (${label})`);

const officialCode = z
	.string()
	.trim()
	.min(1, 'is empty')
	.regex(/^[0-9A-Za-z]{1,20}$/, 'must be 1 to 20 letters or digits');

// Empty means "not in the source"; anything else must be written plainly (no "1e3", no "0x10", no spaces).
// `abort` stops a bad value before the transform and the cross-column checks see it.
const optionalInteger = (min: number, max: number, what: string) =>
	z
		.string()
		.trim()
		.refine((value) => value === '' || /^\d+$/.test(value), { message: `must be ${what} or empty`, abort: true })
		.transform((value) => (value === '' ? null : Number(value)))
		.refine((value) => value === null || (value >= min && value <= max), { message: `must be between ${min} and ${max}`, abort: true });

const optionalDegrees = (limit: number) =>
	z
		.string()
		.trim()
		.refine((value) => value === '' || /^[-+]?\d{1,3}(\.\d+)?$/.test(value), { message: 'must be a decimal number of degrees or empty', abort: true })
		.transform((value) => (value === '' ? null : Number(value)))
		.refine((value) => value === null || Math.abs(value) <= limit, { message: `must be between -${limit} and ${limit}`, abort: true });

const ZTerritoryRow = z
	.object({
		country_iso2: z.string().regex(/^[A-Z]{2}$/, 'must be two upper-case letters (ISO 3166-1 alpha-2)'),
		code: officialCode,
		name: printable('name', 200),
		admin1_code: officialCode,
		admin1_name: printable('admin1_name', 200),
		population: optionalInteger(0, MAX_POPULATION, 'a whole number'),
		population_year: optionalInteger(1900, 2100, 'a four-digit year'),
		latitude: optionalDegrees(90),
		longitude: optionalDegrees(180),
		source: printable('source', 1000)
	})
	.superRefine((row, ctx) => {
		if (row.population !== null && row.population_year === null) {
			ctx.addIssue({ code: 'custom', path: ['population_year'], message: 'is required when population is given' });
		}
		if (row.population === null && row.population_year !== null) {
			ctx.addIssue({ code: 'custom', path: ['population_year'], message: 'is given without a population' });
		}
		if ((row.latitude === null) !== (row.longitude === null)) {
			ctx.addIssue({
				code: 'custom',
				path: [row.latitude === null ? 'latitude' : 'longitude'],
				message: 'latitude and longitude must both be given or both be empty'
			});
		}
	});

/** The country a file is for, from its name (`co.csv`, `co_extra.csv` → CO); undefined when the name does not say. */
export function countryOfFileName(fileName: string): string | undefined {
	return /^([a-z]{2})(?:[._-]|$)/i.exec(path.basename(fileName))?.[1]?.toUpperCase();
}

/** Reads and validates one gazetteer CSV file; the file name gives the country every row must belong to. */
export async function readTerritoryCsv(filePath: string): Promise<ParsedTerritoryFile> {
	return parseTerritoryCsv(await readFile(filePath, 'utf8'), countryOfFileName(filePath));
}

/**
 * Parses and validates the text of one gazetteer CSV (UTF-8, header row). Every problem is reported with
 * its line; without `expectedCountry` the first row's country is the one every other row must match.
 */
export function parseTerritoryCsv(text: string, expectedCountry?: string): ParsedTerritoryFile {
	let records: { record: string[]; info: { lines: number } }[];
	try {
		// Line numbers are counted on \n only: a Windows-edited file must not shift them.
		records = parse(text.replace(/\r\n?/g, '\n'), {
			bom: true,
			info: true,
			relax_column_count: true,
			skip_empty_lines: true
		}) as { record: string[]; info: { lines: number } }[];
	} catch (error) {
		const line = error instanceof CsvError ? Number((error as CsvError & { lines?: number }).lines ?? 0) : 0;
		return { rows: [], errors: [{ row: line, field: 'file', message: `is not valid CSV: ${(error as Error).message}` }] };
	}

	const [headerRecord, ...body] = records;
	const header = headerRecord?.record.map((column) => column.trim()) ?? [];
	const missing = TERRITORY_COLUMNS.filter((column) => !header.includes(column));
	if (missing.length) {
		return { rows: [], errors: [{ row: 1, field: 'header', message: `is missing the column(s) ${missing.join(', ')}` }] };
	}
	if (!body.length) {
		return { rows: [], errors: [{ row: 2, field: 'file', message: 'has a header but no rows' }] };
	}
	const position = Object.fromEntries(TERRITORY_COLUMNS.map((column) => [column, header.indexOf(column)])) as Record<
		(typeof TERRITORY_COLUMNS)[number],
		number
	>;

	const errors: RowError[] = [];
	const rows: TerritoryRow[] = [];
	const codeLines = new Map<string, number>();
	const admin1Names = new Map<string, { name: string; line: number }>();
	let country = expectedCountry;

	for (const { record, info } of body) {
		// info.lines is where the record ends; a quoted value spanning lines starts earlier.
		const line = info.lines - record.reduce((sum, value) => sum + (value.match(/\n/g)?.length ?? 0), 0);
		if (record.length !== header.length) {
			errors.push({ row: line, field: 'row', message: `has ${record.length} values, the header has ${header.length}` });
			continue;
		}
		const raw = Object.fromEntries(TERRITORY_COLUMNS.map((column) => [column, record[position[column]] ?? '']));
		const parsed = ZTerritoryRow.safeParse(raw);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) {
				errors.push({ row: line, field: String(issue.path[0] ?? 'row'), message: issue.message });
			}
			continue;
		}
		const row = parsed.data;
		country ??= row.country_iso2;
		if (row.country_iso2 !== country) {
			errors.push({ row: line, field: 'country_iso2', message: `is ${row.country_iso2}, but this file is for ${country}` });
			continue;
		}
		const earlier = codeLines.get(row.code);
		if (earlier !== undefined) {
			errors.push({ row: line, field: 'code', message: `${row.code} already appears on line ${earlier}` });
			continue;
		}
		codeLines.set(row.code, line);
		// One admin1 code has one name in the database, so a file must not give it two.
		const unit = admin1Names.get(row.admin1_code);
		if (unit && unit.name !== row.admin1_name) {
			errors.push({
				row: line,
				field: 'admin1_name',
				message: `is "${row.admin1_name}", but line ${unit.line} names ${row.admin1_code} "${unit.name}"`
			});
			continue;
		}
		if (!unit) admin1Names.set(row.admin1_code, { name: row.admin1_name, line });
		rows.push({
			line,
			countryCode: row.country_iso2,
			code: row.code,
			name: row.name,
			admin1Code: row.admin1_code,
			admin1Name: row.admin1_name,
			population: row.population,
			populationYear: row.population_year,
			latitude: row.latitude,
			longitude: row.longitude,
			source: row.source
		});
	}
	return { rows, errors };
}
