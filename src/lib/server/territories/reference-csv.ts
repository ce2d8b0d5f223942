// The gazetteer's companion files: sidecars that add population or coordinates to a country file by code, the
// national totals (countries.csv) and the units a source names without a code. Each is checked row by row like
// the country files, and a file with any problem is refused whole.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { RowError } from './territory-csv';
import { ZUnitCode } from './territory-csv';

const emptyToNull = (value: unknown) => (value === '' || value === undefined ? null : value);
const source = z.string().trim().min(1, 'is empty').max(1000, 'is longer than 1000 characters');
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be two upper-case letters');
// A sidecar row exists to give a value: an empty cell is an error, never a zero (z.coerce.number('') would be 0).
const filled = <T extends z.ZodType<number, string>>(schema: T) => z.string().trim().min(1, 'is empty').pipe(schema);
const number = () => z.coerce.number<string>('must be a number');
const year = filled(number().int('must be a whole number').min(1900, 'must be at least 1900').max(2100, 'must be at most 2100'));

/** A sidecar row: one unit's population, or one unit's point, with where it comes from. */
export interface PopulationValue {
	line: number;
	code: string;
	population: number;
	populationYear: number;
	source: string;
}
export interface LocationValue {
	line: number;
	code: string;
	latitude: number;
	longitude: number;
	source: string;
}
export interface NationalTotal {
	line: number;
	countryCode: string;
	population: number;
	populationYear: number;
	source: string;
}
export interface UnitWithoutCode {
	line: number;
	countryCode: string;
	name: string;
	admin1Name: string;
	source: string;
}

const ZPopulation = z.object({
	country_iso2: countryCode,
	code: ZUnitCode,
	population: filled(number().int('must be a whole number').min(0, 'must be at least 0').max(100_000_000, 'must be at most 100000000')),
	population_year: year,
	source
});
const ZLocation = z.object({
	country_iso2: countryCode,
	code: ZUnitCode,
	latitude: filled(number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90')),
	longitude: filled(number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180')),
	source
});
const ZNational = z.object({
	country_iso2: countryCode,
	population: filled(number().int('must be a whole number').min(0, 'must be at least 0').max(2_000_000_000, 'must be at most 2000000000')),
	population_year: year,
	source
});
const ZWithoutCode = z.object({
	country_iso2: countryCode,
	// These rows are here because no source gives them a code: one that has a code belongs in the country file.
	code: z.preprocess(emptyToNull, z.null('must be empty (a unit with a code belongs in the country file)')),
	name: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
	admin1_name: z.string().trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
	source
});

function readRows<S extends z.ZodType, T>(
	text: string,
	columns: readonly string[],
	schema: S,
	keyOf: (row: z.output<S>) => string,
	build: (row: z.output<S>, line: number) => T
): { rows: T[]; errors: RowError[] } {
	let records: string[][];
	try {
		records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][];
	} catch (error) {
		return { rows: [], errors: [{ row: 0, field: 'file', message: `is not valid CSV: ${(error as Error).message}` }] };
	}
	const [header, ...body] = records;
	const missing = columns.filter((column) => !header?.includes(column));
	if (!header || missing.length) return { rows: [], errors: [{ row: 1, field: 'header', message: `is missing column(s): ${missing.join(', ')}` }] };
	const errors: RowError[] = [];
	const rows: T[] = [];
	const seen = new Map<string, number>();
	body.forEach((record, position) => {
		const line = position + 2;
		const parsed = schema.safeParse(Object.fromEntries(columns.map((column) => [column, record[header.indexOf(column)] ?? ''])));
		if (!parsed.success) {
			for (const issue of parsed.error.issues) errors.push({ row: line, field: String(issue.path[0] ?? 'row'), message: issue.message });
			return;
		}
		const key = keyOf(parsed.data);
		const earlier = seen.get(key);
		if (earlier) {
			errors.push({ row: line, field: 'code', message: `${key} already appears on line ${earlier}` });
			return;
		}
		seen.set(key, line);
		rows.push(build(parsed.data, line));
	});
	return { rows, errors };
}

/** `population/<iso2>.csv`: country_iso2, code, population, population_year, source. */
export function parsePopulationCsv(text: string, expectedCountry: string): { rows: PopulationValue[]; errors: RowError[] } {
	const result = readRows(text, ['country_iso2', 'code', 'population', 'population_year', 'source'], ZPopulation, (row) => row.code, (row, line) => ({
		line,
		country: row.country_iso2,
		code: row.code,
		population: row.population,
		populationYear: row.population_year,
		source: row.source
	}));
	return withCountry(result, expectedCountry);
}

/** `coordinates/<iso2>.csv`: country_iso2, code, latitude, longitude, source. */
export function parseLocationCsv(text: string, expectedCountry: string): { rows: LocationValue[]; errors: RowError[] } {
	const result = readRows(text, ['country_iso2', 'code', 'latitude', 'longitude', 'source'], ZLocation, (row) => row.code, (row, line) => ({
		line,
		country: row.country_iso2,
		code: row.code,
		latitude: row.latitude,
		longitude: row.longitude,
		source: row.source
	}));
	return withCountry(result, expectedCountry);
}

/** `countries.csv`: country_iso2, population, population_year, source (other columns are ignored). */
export function parseNationalTotalsCsv(text: string): { rows: NationalTotal[]; errors: RowError[] } {
	return readRows(text, ['country_iso2', 'population', 'population_year', 'source'], ZNational, (row) => row.country_iso2, (row, line) => ({
		line,
		countryCode: row.country_iso2,
		population: row.population,
		populationYear: row.population_year,
		source: row.source
	}));
}

/** A file of units without a code (the country file's columns, `code` empty). */
export function parseUnitsWithoutCodeCsv(text: string, expectedCountry: string): { rows: UnitWithoutCode[]; errors: RowError[] } {
	const result = readRows(
		text,
		['country_iso2', 'code', 'name', 'admin1_name', 'source'],
		ZWithoutCode,
		(row) => `${row.admin1_name} / ${row.name}`,
		(row, line) => ({ line, country: row.country_iso2, countryCode: row.country_iso2, name: row.name, admin1Name: row.admin1_name, source: row.source })
	);
	return withCountry(result, expectedCountry);
}

function withCountry<T extends { line: number; country: string }>(
	result: { rows: T[]; errors: RowError[] },
	expectedCountry: string
): { rows: Omit<T, 'country'>[]; errors: RowError[] } {
	const errors = [...result.errors];
	const rows: Omit<T, 'country'>[] = [];
	for (const { country, ...row } of result.rows) {
		if (country === expectedCountry) rows.push(row);
		else errors.push({ row: row.line, field: 'country_iso2', message: `is ${country}, but this file is for ${expectedCountry}` });
	}
	errors.sort((a, b) => a.row - b.row);
	return { rows, errors };
}
