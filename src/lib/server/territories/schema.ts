import { z } from 'zod';
import { sizeBands } from './size-bands';

/** Query of the municipality search (HTML page and `GET /api/v1/municipalities`); empty values count as absent. */
export const ZMunicipalitySearch = z.object({
	q: z
		.string()
		.max(200)
		.optional()
		.meta({ description: 'Name (accent- and case-insensitive, typo-tolerant), part of a name, or a national code', example: 'sao paulo' }),
	country: z
		.string()
		.regex(/^[A-Za-z]{2}$/, { message: 'error_country_code' })
		.optional()
		.meta({ description: 'ISO 3166-1 alpha-2 country code', example: 'BR' }),
	admin1: z.string().max(20).optional().meta({ description: 'First-level unit code within the country (requires country)', example: '35' }),
	page: z.coerce.number().int().min(1).max(10_000).default(1).meta({ description: 'Page number, from 1' }),
	pageSize: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Items per page, at most 100' })
});
export type TMunicipalitySearch = z.output<typeof ZMunicipalitySearch>;

/** A municipality identifier: `<ISO alpha-2>-<official national code>`. */
// The code part keeps the dots and hyphens of GeoNames keys and ISO 3166-2 codes: `UY-UY.02.12`, `JM-JM-01`.
export const ZMunicipalityId = z
	.string()
	.max(40)
	.regex(/^[A-Za-z]{2}-[0-9A-Za-z](?:[0-9A-Za-z.-]*[0-9A-Za-z])?$/, { message: 'error_municipality_id' })
	.transform((value) => value.slice(0, 2).toUpperCase() + value.slice(2));

/** A municipality as a form names it: enough to tell two Santa Marías apart. */
export interface TMunicipalityLabel {
	id: string;
	name: string;
	admin1: string;
	country: string;
	countryName: string;
}

/** A country code in a path. */
export const ZCountryCode = z
	.string()
	.regex(/^[A-Za-z]{2}$/, { message: 'error_country_code' })
	.transform((value) => value.toUpperCase());

const ZLocation = z.object({ lat: z.number(), lon: z.number() });

/** A municipality as the API returns it. */
export const ZMunicipality = z.object({
	id: z.string().describe('Country code and official national code, e.g. BR-3550308'),
	code: z.string().describe('Official national code (string: leading zeros kept)'),
	country: z.string().describe('ISO 3166-1 alpha-2'),
	countryName: z.string(),
	name: z.string(),
	admin1: z.object({ code: z.string(), name: z.string() }),
	population: z.number().int().nullable(),
	populationYear: z.number().int().nullable(),
	sizeBand: z
		.enum(sizeBands)
		.describe('Population size band; `unknown` when no population is recorded (never counted as the smallest band)'),
	location: ZLocation.nullable().describe('WGS84 coordinates of the seat or of the centre of the boundary, when a source has them'),
	source: z.string().describe('Repository, commit, file and licence the record comes from'),
	populationSource: z.string().nullable().describe('Where the population comes from (the record\'s source or a separate file); null without population'),
	locationSource: z.string().nullable().describe('Where the location comes from; null without location')
});
export type TMunicipality = z.infer<typeof ZMunicipality>;

/** A page of municipalities. */
export const ZMunicipalityPage = z.object({
	items: z.array(ZMunicipality),
	page: z.number().int(),
	pageSize: z.number().int(),
	total: z.number().int()
});
export type TMunicipalityPage = z.infer<typeof ZMunicipalityPage>;

/** A country with its gazetteer totals. */
export const ZCountry = z.object({
	code: z.string(),
	name: z.string().describe('In the requested language'),
	municipalityCount: z.number().int(),
	population: z.number().int().nullable().describe('Sum over municipalities with a known population'),
	municipalitiesWithPopulation: z.number().int(),
	inhabitantsPerMunicipality: z.number().nullable(),
	level: z.object({ name: z.string(), plural: z.string() }).nullable().describe('What the country calls its local units, in its own language (municipio, parish, district…)'),
	codeSystem: z.string().nullable().describe('The code system of the units\' codes'),
	national: z
		.object({ population: z.number().int(), year: z.number().int(), source: z.string() })
		.nullable()
		.describe('National population from a national source (World Bank), shown beside the municipal sum, never added to it')
});
export type TCountry = z.infer<typeof ZCountry>;

/** A first-level unit with its totals. */
export const ZAdmin1 = z.object({
	code: z.string(),
	name: z.string(),
	municipalityCount: z.number().int(),
	population: z.number().int().nullable()
});
export type TAdmin1 = z.infer<typeof ZAdmin1>;
