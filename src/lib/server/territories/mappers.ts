import type { Locale } from '../context';
import type { GazetteerRecord } from './gazetteer-index';
import type { TMunicipality, TMunicipalityLabel } from './schema';
import { sizeBandOf } from './size-bands';

const displayNames = new Map<Locale, Intl.DisplayNames>();

/** Country name in the reader's language, from the ICU data Node ships (no table to maintain). */
export function countryName(code: string, locale: Locale): string {
	// Rankings name 15,000 rows: DisplayNames.of costs about a microsecond each, a map lookup much less.
	const key = `${locale}:${code}`;
	const known = countryNames.get(key);
	if (known) return known;
	let names = displayNames.get(locale);
	if (!names) {
		names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
		displayNames.set(locale, names);
	}
	const name = names.of(code) ?? code;
	countryNames.set(key, name);
	return name;
}
const countryNames = new Map<string, string>();

/** Maps a joined row to the public municipality DTO. */
export function toMunicipalityDto(row: GazetteerRecord, locale: Locale): TMunicipality {
	return {
		id: row.id,
		code: row.code,
		country: row.countryCode,
		countryName: countryName(row.countryCode, locale),
		name: row.name,
		admin1: { code: row.admin1Code, name: row.admin1Name },
		population: row.population,
		populationYear: row.populationYear,
		sizeBand: sizeBandOf([row.population]),
		location: row.latitude !== null && row.longitude !== null ? { lat: row.latitude, lon: row.longitude } : null,
		source: row.source,
		populationSource: row.population === null ? null : (row.populationSource ?? row.source),
		locationSource: row.latitude === null ? null : (row.locationSource ?? row.source)
	};
}

/** The short label a form shows for a chosen municipality. */
export function toMunicipalityLabel(row: GazetteerRecord, locale: Locale): TMunicipalityLabel {
	return { id: row.id, name: row.name, admin1: row.admin1Name, country: row.countryCode, countryName: countryName(row.countryCode, locale) };
}
