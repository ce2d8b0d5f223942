/** One municipality as the in-memory gazetteer holds it. */
export interface GazetteerRecord {
	id: string;
	code: string;
	countryCode: string;
	name: string;
	searchName: string;
	admin1Code: string;
	admin1Name: string;
	population: number | null;
	populationYear: number | null;
	latitude: number | null;
	longitude: number | null;
	source: string;
	/** Set when the population or the point comes from a sidecar file; null: from `source` (or no value). */
	populationSource: string | null;
	locationSource: string | null;
}

export interface Admin1Record {
	countryCode: string;
	code: string;
	name: string;
}

export interface GazetteerQuery {
	/** Normalised query (see normalizeSearchText); empty lists everything in the filters. */
	text: string;
	/** The query as typed, compared with official codes and identifiers. */
	raw: string;
	countryCode?: string;
	admin1Code?: string;
	limit: number;
	offset: number;
}

export interface CountrySummary {
	code: string;
	municipalityCount: number;
	population: number | null;
	municipalitiesWithPopulation: number;
}

export interface Admin1Summary {
	code: string;
	name: string;
	municipalityCount: number;
	population: number | null;
}

// Thresholds as in pg_trgm: similarity 0.3; share of the query's trigrams found in the name (≈ word similarity) 0.6.
const SIMILARITY_THRESHOLD = 0.3;
const CONTAINMENT_THRESHOLD = 0.6;

/** Trigrams as pg_trgm makes them: each word padded with two spaces before and one after. */
export function trigramsOf(text: string): string[] {
	const grams = new Set<string>();
	for (const word of text.split(' ')) {
		if (!word) continue;
		const padded = `  ${word} `;
		for (let index = 0; index + 3 <= padded.length; index++) grams.add(padded.slice(index, index + 3));
	}
	return [...grams];
}

/**
 * The gazetteer in memory: trigram search (accent-free, typo-tolerant, ranked), lookups and totals.
 * About 15,000 rows of reference data that change only when a file is loaded, so every read is answered
 * without a database round trip (see docs/decisions/0002).
 */
export class GazetteerIndex {
	private readonly records: GazetteerRecord[];
	private readonly byId = new Map<string, number>();
	private readonly postings = new Map<string, number[]>();
	private readonly trigramCounts: Uint16Array;
	private readonly hits: Uint16Array;
	private readonly seen: Uint32Array;
	private generation = 0;
	private readonly countries: CountrySummary[];
	private readonly admin1ByCountry = new Map<string, Admin1Summary[]>();

	constructor(records: GazetteerRecord[], admin1: Admin1Record[]) {
		this.records = [...records].sort((a, b) => (a.searchName < b.searchName ? -1 : a.searchName > b.searchName ? 1 : a.id < b.id ? -1 : 1));
		this.trigramCounts = new Uint16Array(this.records.length);
		this.hits = new Uint16Array(this.records.length);
		this.seen = new Uint32Array(this.records.length);
		this.records.forEach((record, index) => {
			this.byId.set(record.id, index);
			const grams = trigramsOf(record.searchName);
			this.trigramCounts[index] = grams.length;
			for (const gram of grams) {
				const list = this.postings.get(gram);
				if (list) list.push(index);
				else this.postings.set(gram, [index]);
			}
		});
		this.countries = summariseCountries(this.records);
		for (const unit of admin1) {
			const list = this.admin1ByCountry.get(unit.countryCode) ?? [];
			list.push({ code: unit.code, name: unit.name, municipalityCount: 0, population: null });
			this.admin1ByCountry.set(unit.countryCode, list);
		}
		for (const record of this.records) {
			const unit = this.admin1ByCountry.get(record.countryCode)?.find((item) => item.code === record.admin1Code);
			if (!unit) continue;
			unit.municipalityCount++;
			if (record.population !== null) unit.population = (unit.population ?? 0) + record.population;
		}
	}

	/** Number of municipalities held. */
	get size(): number {
		return this.records.length;
	}

	/** Every municipality held (shared, not copied: do not change it). */
	allRecords(): readonly GazetteerRecord[] {
		return this.records;
	}

	/** One municipality by identifier. */
	get(id: string): GazetteerRecord | undefined {
		const index = this.byId.get(id);
		return index === undefined ? undefined : this.records[index];
	}

	/** Countries with counts and population sums, by code. */
	countrySummaries(): CountrySummary[] {
		return this.countries;
	}

	/** First-level units of a country with counts and population sums. */
	admin1Summaries(countryCode: string): Admin1Summary[] {
		return this.admin1ByCountry.get(countryCode) ?? [];
	}

	/** Whether a country has municipalities. */
	hasCountry(code: string): boolean {
		return this.countries.some((country) => country.code === code);
	}

	/** Whether a first-level unit exists in a country. */
	hasAdmin1(countryCode: string, code: string): boolean {
		return this.admin1Summaries(countryCode).some((unit) => unit.code === code);
	}

	/** Ranked, filtered, paginated search with the total number of matches. */
	search(query: GazetteerQuery): { items: GazetteerRecord[]; total: number } {
		const inFilter = (record: GazetteerRecord) =>
			(!query.countryCode || record.countryCode === query.countryCode) && (!query.admin1Code || record.admin1Code === query.admin1Code);
		if (!query.text && !query.raw) {
			const all = this.records.filter(inFilter);
			return { items: all.slice(query.offset, query.offset + query.limit), total: all.length };
		}
		const matches = this.match(query, inFilter);
		matches.sort(
			(a, b) =>
				a.tier - b.tier ||
				b.score - a.score ||
				(this.records[b.index].population ?? -1) - (this.records[a.index].population ?? -1) ||
				(this.records[a.index].id < this.records[b.index].id ? -1 : 1)
		);
		return {
			items: matches.slice(query.offset, query.offset + query.limit).map((match) => this.records[match.index]),
			total: matches.length
		};
	}

	private match(query: GazetteerQuery, inFilter: (record: GazetteerRecord) => boolean) {
		const text = query.text;
		const rawUpper = query.raw.toUpperCase();
		const grams = text ? trigramsOf(text) : [];
		const touched: number[] = [];
		for (const gram of grams) {
			const list = this.postings.get(gram);
			if (!list) continue;
			for (let position = 0; position < list.length; position++) {
				const index = list[position];
				if (this.hits[index] === 0) touched.push(index);
				this.hits[index]++;
			}
		}
		// A name below this many shared trigrams can pass neither threshold nor contain the query (4+ letters),
		// so most names touched only through common trigrams ("  s", "an ") are dropped before any string work.
		const minShared = Math.max(1, Math.ceil(grams.length * SIMILARITY_THRESHOLD) - (text.length <= 3 ? grams.length : 0));
		const results: { index: number; tier: number; score: number }[] = [];
		const stamp = ++this.generation;
		const consider = (index: number) => {
			if (this.seen[index] === stamp) return;
			this.seen[index] = stamp;
			const record = this.records[index];
			if (!inFilter(record)) return;
			const shared = this.hits[index];
			const similarity = grams.length ? shared / (grams.length + this.trigramCounts[index] - shared) : 0;
			const containment = grams.length ? shared / grams.length : 0;
			const name = record.searchName;
			let tier: number;
			if (record.code === query.raw || record.id === rawUpper) tier = 0;
			else if (text && name === text) tier = 1;
			else if (text && name.startsWith(text)) tier = 2;
			else if (text && ` ${name}`.includes(` ${text}`)) tier = 3;
			else if (text && name.includes(text)) tier = 4;
			else if (similarity >= SIMILARITY_THRESHOLD || containment >= CONTAINMENT_THRESHOLD) tier = 5;
			else return;
			// Containment finds the word; similarity prefers the shorter name ("medelin": Medellín before Medellín de Bravo).
			results.push({ index, tier, score: containment + similarity });
		};
		for (const index of touched) if (this.hits[index] >= minShared) consider(index);
		// Fragments shorter than a trigram, and codes, are found by a plain scan (15,000 short strings: well under a millisecond).
		if (text.length < 3 || /\d/.test(query.raw)) {
			for (let index = 0; index < this.records.length; index++) {
				const record = this.records[index];
				if (record.code === query.raw || record.id === rawUpper || (text && record.searchName.includes(text))) consider(index);
			}
		}
		for (const index of touched) this.hits[index] = 0;
		return results;
	}
}

function summariseCountries(records: GazetteerRecord[]): CountrySummary[] {
	const byCode = new Map<string, CountrySummary>();
	for (const record of records) {
		const summary = byCode.get(record.countryCode) ?? { code: record.countryCode, municipalityCount: 0, population: null, municipalitiesWithPopulation: 0 };
		summary.municipalityCount++;
		if (record.population !== null) {
			summary.population = (summary.population ?? 0) + record.population;
			summary.municipalitiesWithPopulation++;
		}
		byCode.set(record.countryCode, summary);
	}
	return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}
