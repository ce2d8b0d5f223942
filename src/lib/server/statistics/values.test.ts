import { describe, expect, it } from 'vitest';
import { GazetteerIndex, type GazetteerRecord } from '../territories';
import { expectedCounts, parentOf, territoriesOf } from './values';
import type { Level } from './territory-resolver';

function record(id: string, admin1Code: string, population: number | null = null): GazetteerRecord {
	return {
		id,
		code: id.slice(3),
		countryCode: id.slice(0, 2),
		name: id,
		searchName: id.toLowerCase(),
		admin1Code,
		admin1Name: `Unit ${admin1Code}`,
		population,
		populationYear: population === null ? null : 2020,
		latitude: null,
		longitude: null,
		source: 'test',
		populationSource: null,
		locationSource: null
	};
}

const records = [record('BR-3550308', '35', 12_000_000), record('BR-3509502', '35', 1_100_000), record('BR-1302603', '13', 2_000_000), record('CO-11001', '11')];

/** The counts as the unmemoised walk of every record gave them. */
function countByWalking(items: GazetteerRecord[], level: Level): Map<string, number> {
	const counts = new Map<string, number>();
	for (const item of items) counts.set(parentOf(item, level), (counts.get(parentOf(item, level)) ?? 0) + 1);
	return counts;
}

describe('expectedCounts', () => {
	it('gives the counts of a walk of the gazetteer, computed once per gazetteer', () => {
		const gazetteer = new GazetteerIndex(records, []);
		for (const level of ['country', 'admin1'] as const) {
			const counts = expectedCounts(gazetteer, level);
			expect(new Map(counts)).toEqual(countByWalking(records, level));
			expect(expectedCounts(gazetteer, level)).toBe(counts);
		}
		expect(Object.fromEntries(expectedCounts(gazetteer, 'admin1'))).toEqual({ 'BR-13': 1, 'BR-35': 2, 'CO-11': 1 });
		expect([...territoriesOf(gazetteer, 'country')].sort()).toEqual(['BR', 'CO']);
		expect(territoriesOf(gazetteer, 'municipality')).toEqual(gazetteer.allRecords().map((item) => item.id));
	});

	it('is recomputed when the gazetteer changes (a rebuilt index)', () => {
		const before = new GazetteerIndex(records, []);
		expect(expectedCounts(before, 'country').get('BR')).toBe(3);
		const changed = [...records, record('BR-3304557', '33', 6_700_000), record('MX-09015', '09')];
		const after = new GazetteerIndex(changed, []);
		expect(new Map(expectedCounts(after, 'country'))).toEqual(countByWalking(changed, 'country'));
		expect(expectedCounts(after, 'country').get('BR')).toBe(4);
		expect(expectedCounts(after, 'admin1').get('MX-09')).toBe(1);
		expect(territoriesOf(after, 'municipality')).toHaveLength(6);
		// The earlier gazetteer keeps its own counts.
		expect(expectedCounts(before, 'country').get('BR')).toBe(3);
		expect(expectedCounts(before, 'country').has('MX')).toBe(false);
	});
});
