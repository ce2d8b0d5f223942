import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** One validated row of a gazetteer CSV. */
export interface TerritoryRow {
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

const columns = ['country_iso2', 'code', 'name', 'admin1_code', 'admin1_name', 'population', 'population_year', 'latitude', 'longitude', 'source'] as const;

const emptyToNull = (value: unknown) => (value === '' || value === undefined ? null : value);
const integer = (min: number, max: number) =>
	z.preprocess(emptyToNull, z.coerce.number().int('must be a whole number').min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).nullable());
const decimal = (min: number, max: number) =>
	z.preprocess(emptyToNull, z.coerce.number('must be a number').min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`).nullable());

/**
 * An official code as its source writes it: letters and digits, and inside it the dots and hyphens of GeoNames keys
 * (`UY.02.12`) and ISO 3166-2 codes (`JM-01`, `UY-AR`).
 */
export const ZUnitCode = z
	.string()
	.trim()
	.regex(/^[0-9A-Za-z](?:[0-9A-Za-z.-]{0,18}[0-9A-Za-z])?$/, 'must be 1–20 letters or digits (dots and hyphens inside)');

const ZRow = z
	.object({
		country_iso2: z.string().regex(/^[A-Z]{2}$/, 'must be two upper-case letters'),
		code: ZUnitCode,
		name: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
		// Empty where the unit is itself a first-level division (ISO 3166-2 parishes, Haiti's départements).
		admin1_code: z.union([z.literal(''), ZUnitCode]),
		admin1_name: z.string().trim().max(200, 'is longer than 200 characters'),
		population: integer(0, 100_000_000),
		population_year: integer(1900, 2100),
		latitude: decimal(-90, 90),
		longitude: decimal(-180, 180),
		source: z.string().trim().min(1, 'is empty').max(1000, 'is longer than 1000 characters')
	})
	.superRefine((row, ctx) => {
		if (row.population !== null && row.population_year === null) {
			ctx.addIssue({ code: 'custom', path: ['population_year'], message: 'is required when population is given' });
		}
		if ((row.admin1_code === '') !== (row.admin1_name === '')) {
			ctx.addIssue({ code: 'custom', path: [row.admin1_code === '' ? 'admin1_code' : 'admin1_name'], message: 'admin1_code and admin1_name go together' });
		}
		if ((row.latitude === null) !== (row.longitude === null)) {
			ctx.addIssue({ code: 'custom', path: [row.latitude === null ? 'latitude' : 'longitude'], message: 'latitude and longitude go together' });
		}
	});

/**
 * Parses and validates one gazetteer CSV (UTF-8, header row). Every problem is reported with its line;
 * the caller decides what to do with a file that has any.
 */
export function parseTerritoryCsv(text: string, expectedCountry?: string): { rows: TerritoryRow[]; errors: RowError[] } {
	const errors: RowError[] = [];
	let records: string[][];
	try {
		records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
	} catch (error) {
		return { rows: [], errors: [{ row: 0, field: 'file', message: `is not valid CSV: ${(error as Error).message}` }] };
	}
	const [header, ...body] = records;
	const missing = columns.filter((column) => !header?.includes(column));
	if (!header || missing.length) {
		return { rows: [], errors: [{ row: 1, field: 'header', message: `is missing column(s): ${missing.join(', ') || columns.join(', ')}` }] };
	}
	const index = Object.fromEntries(columns.map((column) => [column, header.indexOf(column)])) as Record<(typeof columns)[number], number>;
	const seen = new Map<string, number>();
	const rows: TerritoryRow[] = [];
	body.forEach((record, position) => {
		const line = position + 2;
		const raw = Object.fromEntries(columns.map((column) => [column, record[index[column]] ?? '']));
		const parsed = ZRow.safeParse(raw);
		if (!parsed.success) {
			for (const issue of parsed.error.issues) errors.push({ row: line, field: String(issue.path[0] ?? 'row'), message: issue.message });
			return;
		}
		const row = parsed.data;
		if (expectedCountry && row.country_iso2 !== expectedCountry) {
			errors.push({ row: line, field: 'country_iso2', message: `is ${row.country_iso2}, but this file is for ${expectedCountry}` });
			return;
		}
		const earlier = seen.get(row.code);
		if (earlier) {
			errors.push({ row: line, field: 'code', message: `${row.code} already appears on line ${earlier}` });
			return;
		}
		seen.set(row.code, line);
		rows.push({
			line,
			countryCode: row.country_iso2,
			code: row.code,
			name: row.name,
			// A unit that is itself a first-level division is its own first-level unit: its code and name, nothing made up.
			admin1Code: row.admin1_code || row.code,
			admin1Name: row.admin1_name || row.name,
			population: row.population,
			populationYear: row.population_year,
			latitude: row.latitude,
			longitude: row.longitude,
			source: row.source
		});
	});
	return { rows, errors };
}
