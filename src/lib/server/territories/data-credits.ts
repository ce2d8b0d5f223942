// The "about the data" page in one read: per country what is loaded (units and the country's own word for them, the
// code system), how many units have a population (which years) and a point, and who each value comes from.
import { getDb } from '../db';
import type { ServiceContext } from '../context';
import { getGazetteer } from './gazetteer-cache';
import { selectAllUnitsWithoutCode } from './load-queries';
import { listCountries } from './service';
import { nationalTotalsSource, territorySources, type SourceCredit } from './sources';
import type { TCountry } from './schema';

/** The language of each country's level word (for `lang` on the page): the country's own, not the reader's. */
const levelLanguage: Record<string, string> = {
	BR: 'pt',
	HT: 'fr',
	SR: 'nl',
	...Object.fromEntries(['AG', 'BB', 'BS', 'BZ', 'DM', 'GD', 'GY', 'JM', 'KN', 'LC', 'TT', 'VC'].map((code) => [code, 'en']))
};

/** One country's line on the "about the data" page. */
export interface DataCredit {
	code: string;
	name: string;
	/** Units loaded, and what the country calls them in its own language (`lang`: that language). */
	units: number;
	level: (NonNullable<TCountry['level']> & { lang: string }) | null;
	codeSystem: string | null;
	unitsSource: SourceCredit;
	/** Units with a population, the census or estimate years among them (oldest first), and whose figures they are. */
	population: { count: number; years: number[]; source: SourceCredit | null };
	/** Units with a point; `fromBoundaries`: how many of those are centres of boundary areas from a separate file. */
	coordinates: { count: number; fromBoundaries: number; source: SourceCredit | null };
	/** The national total from a national source, shown beside the municipal figures, never added to them. */
	national: TCountry['national'];
	/** Units the source names without a code: known, listed, not loaded (Cabildo never makes up a code). */
	withoutCode: { name: string; admin1Name: string }[];
}

export interface DataCredits {
	countries: DataCredit[];
	totals: { countries: number; units: number; withPopulation: number; withCoordinates: number; withoutCode: number };
	/** The countries (names, in the reader's language and order) where some municipality has a population. */
	countriesWithPopulation: string[];
	nationalSource: SourceCredit;
}

/** Per-country credits of the gazetteer for "about the data". Public reference data: no authorization. */
export async function getDataCredits(ctx: Pick<ServiceContext, 'locale' | 'tx'>): Promise<DataCredits> {
	const db = ctx.tx ?? getDb();
	const countries = await listCountries(ctx);
	const gazetteer = await getGazetteer(db);
	const stats = new Map<string, { withPopulation: number; years: Set<number>; withLocation: number; fromSidecar: number }>();
	for (const record of gazetteer.allRecords()) {
		let entry = stats.get(record.countryCode);
		if (!entry) stats.set(record.countryCode, (entry = { withPopulation: 0, years: new Set(), withLocation: 0, fromSidecar: 0 }));
		if (record.population !== null) {
			entry.withPopulation++;
			if (record.populationYear !== null) entry.years.add(record.populationYear);
		}
		if (record.latitude !== null && record.longitude !== null) {
			entry.withLocation++;
			if (record.locationSource !== null) entry.fromSidecar++;
		}
	}
	const withoutCode = new Map<string, { name: string; admin1Name: string }[]>();
	for (const row of await selectAllUnitsWithoutCode(db)) {
		withoutCode.set(row.countryCode, [...(withoutCode.get(row.countryCode) ?? []), { name: row.name, admin1Name: row.admin1Name }]);
	}
	const byName = (a: { name: string; admin1Name: string }, b: { name: string; admin1Name: string }) =>
		a.admin1Name.localeCompare(b.admin1Name, ctx.locale) || a.name.localeCompare(b.name, ctx.locale);
	const credits = countries.map((country): DataCredit => {
		const entry = stats.get(country.code);
		const sources = territorySources[country.code];
		const withPopulation = entry?.withPopulation ?? 0;
		const withLocation = entry?.withLocation ?? 0;
		return {
			code: country.code,
			name: country.name,
			units: country.municipalityCount,
			level: country.level ? { ...country.level, lang: levelLanguage[country.code] ?? 'es' } : null,
			codeSystem: country.codeSystem,
			unitsSource: sources?.units ?? { source: '—', licence: '—' },
			// A source is credited only for values that are there: no population, no population source.
			population: { count: withPopulation, years: [...(entry?.years ?? [])].sort((a, b) => a - b), source: withPopulation ? (sources?.population ?? null) : null },
			coordinates: { count: withLocation, fromBoundaries: entry?.fromSidecar ?? 0, source: withLocation ? (sources?.coordinates ?? null) : null },
			national: country.national,
			withoutCode: (withoutCode.get(country.code) ?? []).sort(byName)
		};
	});
	const sum = (pick: (credit: DataCredit) => number) => credits.reduce((total, credit) => total + pick(credit), 0);
	return {
		countries: credits,
		totals: {
			countries: credits.length,
			units: sum((credit) => credit.units),
			withPopulation: sum((credit) => credit.population.count),
			withCoordinates: sum((credit) => credit.coordinates.count),
			withoutCode: sum((credit) => credit.withoutCode.length)
		},
		countriesWithPopulation: credits.filter((credit) => credit.population.count > 0).map((credit) => credit.name),
		nationalSource: nationalTotalsSource
	};
}
