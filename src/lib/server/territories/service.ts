import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { getDb } from '../db';
import type { Locale, ServiceContext } from '../context';
import { countryName, toMunicipalityDto } from './mappers';
import { normalizeSearchText } from './normalize';
import * as queries from './queries';
import { readSourcesDocument, referenceDataDir, territorySources } from './sources';
import {
	ZCountryCode,
	ZMunicipalityId,
	ZMunicipalitySearch,
	type TAdmin1,
	type TCountry,
	type TMunicipality,
	type TMunicipalityPage
} from './schema';

// The gazetteer is public reference data: these reads need no authorization.

/** Lists every country with its number of municipalities, population and inhabitants per municipality. */
export async function listCountries(ctx: Pick<ServiceContext, 'locale' | 'tx'>): Promise<TCountry[]> {
	const rows = await queries.selectCountrySummaries(ctx.tx ?? getDb());
	return rows
		.map((row) => ({
			code: row.code,
			name: countryName(row.code, ctx.locale),
			municipalityCount: row.municipalityCount,
			population: row.municipalitiesWithPopulation > 0 ? row.population : null,
			municipalitiesWithPopulation: row.municipalitiesWithPopulation,
			inhabitantsPerMunicipality:
				row.municipalitiesWithPopulation > 0 && row.population !== null
					? Math.round(row.population / row.municipalitiesWithPopulation)
					: null
		}))
		.sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
}

/** One country with its first-level units; NOT_FOUND when the country is not in the gazetteer. */
export async function getCountry(
	ctx: Pick<ServiceContext, 'locale' | 'tx'>,
	code: unknown
): Promise<{ country: TCountry; admin1: TAdmin1[] }> {
	const countryCode = parseInput(ZCountryCode, code);
	const db = ctx.tx ?? getDb();
	const country = (await listCountries(ctx)).find((item) => item.code === countryCode);
	if (!country) throw new AppError('NOT_FOUND', { details: { country: countryCode } });
	const admin1 = await queries.selectAdmin1Summaries(db, countryCode);
	return { country, admin1: admin1.sort((a, b) => a.name.localeCompare(b.name, ctx.locale)) };
}

/** One municipality by `<country>-<code>`; NOT_FOUND when unknown. */
export async function getMunicipality(ctx: Pick<ServiceContext, 'locale' | 'tx'>, id: unknown): Promise<TMunicipality> {
	// A malformed identifier cannot exist, so it is simply not found (as on a page, so in the API).
	const parsed = ZMunicipalityId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND', { details: { id: String(id).slice(0, 50) } });
	const municipalityId = parsed.data;
	const row = await queries.selectMunicipalityById(ctx.tx ?? getDb(), municipalityId);
	if (!row) throw new AppError('NOT_FOUND', { details: { id: municipalityId } });
	return toMunicipalityDto(row, ctx.locale);
}

/** Accent- and case-insensitive, typo-tolerant, ranked and paginated municipality search. */
export async function searchMunicipalities(
	ctx: Pick<ServiceContext, 'locale' | 'tx'>,
	input: unknown
): Promise<TMunicipalityPage> {
	const parsed = parseInput(ZMunicipalitySearch, input);
	const query = { ...parsed, country: parsed.country?.toUpperCase() };
	const db = ctx.tx ?? getDb();
	if (query.admin1 && !query.country) {
		throw new AppError('VALIDATION', { fields: [{ field: 'admin1', messageKey: 'error_admin1_needs_country' }] });
	}
	if (query.country && !(await queries.countryExists(db, query.country))) {
		throw new AppError('VALIDATION', { fields: [{ field: 'country', messageKey: 'error_country_unknown' }] });
	}
	if (query.country && query.admin1 && !(await queries.admin1Exists(db, query.country, query.admin1))) {
		throw new AppError('VALIDATION', { fields: [{ field: 'admin1', messageKey: 'error_admin1_unknown' }] });
	}
	const raw = (query.q ?? '').trim();
	const filter: queries.MunicipalitySearchFilter = {
		text: normalizeSearchText(raw),
		raw,
		countryCode: query.country,
		admin1Code: query.admin1,
		limit: query.pageSize,
		offset: (query.page - 1) * query.pageSize
	};
	const [rows, total] = await Promise.all([
		queries.selectMunicipalityPage(db, filter),
		queries.countMunicipalities(db, filter)
	]);
	return {
		items: rows.map((row) => toMunicipalityDto(row, ctx.locale as Locale)),
		page: query.page,
		pageSize: query.pageSize,
		total
	};
}

/** Per-country credits of the gazetteer (counts, sources, licences) for the "about the data" page. */
export async function listDataCredits(ctx: Pick<ServiceContext, 'locale' | 'tx'>) {
	const countries = await listCountries(ctx);
	return countries.map((country) => ({
		code: country.code,
		name: country.name,
		municipalityCount: country.municipalityCount,
		...(territorySources[country.code] ?? { sources: '—', licence: '—' })
	}));
}

/** The full sources and licences document shipped with the data. */
export async function getSourcesDocument(): Promise<string> {
	return readSourcesDocument(referenceDataDir());
}
