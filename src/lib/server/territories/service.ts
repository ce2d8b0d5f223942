import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { getDb } from '../db';
import type { ServiceContext } from '../context';
import { countryName, toMunicipalityDto, toMunicipalityLabel } from './mappers';
import { normalizeSearchText } from './normalize';
import { getGazetteer } from './gazetteer-cache';
import { selectCountryReferences, type CountryReference } from './load-queries';
import { readSourcesDocument, referenceDataDir } from './sources';
import {
	ZCountryCode,
	ZMunicipalityId,
	ZMunicipalitySearch,
	type TAdmin1,
	type TCountry,
	type TMunicipality,
	type TMunicipalityLabel,
	type TMunicipalityPage
} from './schema';

// The gazetteer is public reference data: these reads need no authorization. They are answered from the
// in-memory index (gazetteer-cache.ts), which follows the database.

/** Lists every country with its number of municipalities, population and inhabitants per municipality. */
export async function listCountries(ctx: Pick<ServiceContext, 'locale' | 'tx'>): Promise<TCountry[]> {
	const gazetteer = await getGazetteer(ctx.tx ?? getDb());
	// 34 rows, read each time: they change only with a load, and the gazetteer's cache follows municipalities only.
	const references = new Map((await selectCountryReferences(ctx.tx ?? getDb())).map((row) => [row.code, row]));
	return gazetteer
		.countrySummaries()
		.map((row) => ({
			code: row.code,
			name: countryName(row.code, ctx.locale),
			municipalityCount: row.municipalityCount,
			population: row.population,
			municipalitiesWithPopulation: row.municipalitiesWithPopulation,
			inhabitantsPerMunicipality:
				row.population !== null && row.municipalitiesWithPopulation > 0
					? Math.round(row.population / row.municipalitiesWithPopulation)
					: null,
			...countryReference(references.get(row.code))
		}))
		.sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
}

/** One country with its first-level units; NOT_FOUND when the country is not in the gazetteer. */
export async function getCountry(
	ctx: Pick<ServiceContext, 'locale' | 'tx'>,
	code: unknown
): Promise<{ country: TCountry; admin1: TAdmin1[] }> {
	const parsed = ZCountryCode.safeParse(code);
	if (!parsed.success) throw new AppError('NOT_FOUND', { details: { country: String(code).slice(0, 10) } });
	const country = (await listCountries(ctx)).find((item) => item.code === parsed.data);
	if (!country) throw new AppError('NOT_FOUND', { details: { country: parsed.data } });
	const gazetteer = await getGazetteer(ctx.tx ?? getDb());
	const admin1 = gazetteer
		.admin1Summaries(parsed.data)
		.map((unit) => ({ ...unit }))
		.sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
	return { country, admin1 };
}

/** One municipality by `<country>-<code>`; NOT_FOUND when unknown. */
export async function getMunicipality(ctx: Pick<ServiceContext, 'locale' | 'tx'>, id: unknown): Promise<TMunicipality> {
	// A malformed identifier cannot exist, so it is simply not found (as on a page, so in the API).
	const parsed = ZMunicipalityId.safeParse(id);
	if (!parsed.success) throw new AppError('NOT_FOUND', { details: { id: String(id).slice(0, 50) } });
	const record = (await getGazetteer(ctx.tx ?? getDb())).get(parsed.data);
	if (!record) throw new AppError('NOT_FOUND', { details: { id: parsed.data } });
	return toMunicipalityDto(record, ctx.locale);
}

/**
 * Names for a list of identifiers, in the order given, for forms that hold ids (one read of the in-memory
 * gazetteer, no query per id). Malformed or unknown identifiers are left out; duplicates come once.
 */
export async function getMunicipalityLabels(ctx: Pick<ServiceContext, 'locale' | 'tx'>, ids: readonly string[]): Promise<TMunicipalityLabel[]> {
	const gazetteer = await getGazetteer(ctx.tx ?? getDb());
	const labels = new Map<string, TMunicipalityLabel>();
	for (const id of ids.slice(0, 200)) {
		const parsed = ZMunicipalityId.safeParse(id);
		const record = parsed.success ? gazetteer.get(parsed.data) : undefined;
		if (record && !labels.has(record.id)) labels.set(record.id, toMunicipalityLabel(record, ctx.locale));
	}
	return [...labels.values()];
}

/** Accent- and case-insensitive, typo-tolerant, ranked and paginated municipality search. */
export async function searchMunicipalities(
	ctx: Pick<ServiceContext, 'locale' | 'tx'>,
	input: unknown
): Promise<TMunicipalityPage> {
	const parsed = parseInput(ZMunicipalitySearch, input);
	const country = parsed.country?.toUpperCase();
	const gazetteer = await getGazetteer(ctx.tx ?? getDb());
	if (parsed.admin1 && !country) {
		throw new AppError('VALIDATION', { fields: [{ field: 'admin1', messageKey: 'error_admin1_needs_country' }] });
	}
	if (country && !gazetteer.hasCountry(country)) {
		throw new AppError('VALIDATION', { fields: [{ field: 'country', messageKey: 'error_country_unknown' }] });
	}
	if (country && parsed.admin1 && !gazetteer.hasAdmin1(country, parsed.admin1)) {
		throw new AppError('VALIDATION', { fields: [{ field: 'admin1', messageKey: 'error_admin1_unknown' }] });
	}
	const raw = (parsed.q ?? '').trim();
	const { items, total } = gazetteer.search({
		text: normalizeSearchText(raw),
		raw,
		countryCode: country,
		admin1Code: parsed.admin1,
		limit: parsed.pageSize,
		offset: (parsed.page - 1) * parsed.pageSize
	});
	return {
		items: items.map((record) => toMunicipalityDto(record, ctx.locale)),
		page: parsed.page,
		pageSize: parsed.pageSize,
		total
	};
}

function countryReference(row: CountryReference | undefined): Pick<TCountry, 'level' | 'codeSystem' | 'national'> {
	return {
		level: row?.levelName && row.levelNamePlural ? { name: row.levelName, plural: row.levelNamePlural } : null,
		codeSystem: row?.codeSystem ?? null,
		national:
			row?.nationalPopulation != null && row.nationalPopulationYear != null && row.nationalPopulationSource
				? { population: row.nationalPopulation, year: row.nationalPopulationYear, source: row.nationalPopulationSource }
				: null
	};
}

/** The full sources and licences document shipped with the data. */
export async function getSourcesDocument(): Promise<string> {
	return readSourcesDocument(referenceDataDir());
}
