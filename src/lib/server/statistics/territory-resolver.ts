// Finds the gazetteer territory a statistics file means by its code, however the office wrote it: our identifier
// (BR-3550308, CO-05), the national code with or without leading zeros (05001, 5001), or the country code.

/** Territorial levels observations exist at. */
export const levels = ['country', 'admin1', 'municipality'] as const;
export type Level = (typeof levels)[number];

/** A resolved territory: its level and identifier. */
export interface TerritoryRef {
	level: Level;
	id: string;
}

/** What the resolver needs to know of the gazetteer. */
export interface ResolverSource {
	countries: Iterable<string>;
	admin1: Iterable<{ countryCode: string; code: string }>;
	municipalities: Iterable<{ id: string; countryCode: string; code: string }>;
}

const stripZeros = (code: string) => code.replace(/^0+(?=.)/, '');

/** Looks territories up by identifier or by national code within a country. */
export class TerritoryResolver {
	private readonly countries = new Set<string>();
	private readonly admin1 = new Map<string, string>();
	private readonly municipalities = new Map<string, string>();
	private readonly municipalityIds = new Set<string>();
	private readonly admin1Ids = new Set<string>();

	constructor(source: ResolverSource) {
		for (const code of source.countries) this.countries.add(code);
		for (const unit of source.admin1) {
			const id = `${unit.countryCode}-${unit.code}`;
			this.admin1Ids.add(id);
			this.admin1.set(`${unit.countryCode}:${stripZeros(unit.code).toUpperCase()}`, id);
		}
		for (const place of source.municipalities) {
			this.municipalityIds.add(place.id);
			this.municipalities.set(`${place.countryCode}:${stripZeros(place.code).toUpperCase()}`, place.id);
		}
	}

	/** Whether a territory exists at a level. */
	has(ref: TerritoryRef): boolean {
		if (ref.level === 'country') return this.countries.has(ref.id);
		return ref.level === 'admin1' ? this.admin1Ids.has(ref.id) : this.municipalityIds.has(ref.id);
	}

	/**
	 * The territory a raw code means at a level; `country` says which country national codes belong to. With
	 * level `auto` (SDMX files carry our identifiers), two letters are a country, else a municipality, else a unit.
	 */
	resolve(raw: string, level: Level | 'auto', country?: string): TerritoryRef | null {
		const code = raw.trim().replace(/^'+|^"+|"+$/g, '').replace(/\.0$/, '').toUpperCase();
		if (!code) return null;
		if (level === 'auto') {
			if (/^[A-Z]{2}$/.test(code)) return this.countries.has(code) ? { level: 'country', id: code } : null;
			return this.resolve(code, 'municipality', country) ?? this.resolve(code, 'admin1', country);
		}
		if (level === 'country') return this.countries.has(code) ? { level, id: code } : null;
		const table = level === 'admin1' ? this.admin1 : this.municipalities;
		const identifier = /^([A-Z]{2})-(.+)$/.exec(code);
		if (identifier) {
			const id = table.get(`${identifier[1]}:${stripZeros(identifier[2])}`);
			if (id) return { level, id };
		}
		if (!country) return null;
		const id = table.get(`${country.toUpperCase()}:${stripZeros(code)}`);
		return id ? { level, id } : null;
	}
}
