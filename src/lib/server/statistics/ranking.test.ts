import { describe, expect, it } from 'vitest';
import { rankByValue } from './ranking';

const item = (name: string, value: number | null) => ({ name, value, rank: null as number | null });
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'es');

describe('rankByValue', () => {
	const items = [item('Ñuñoa', 5), item('Arica', 7), item('Maipú', 5), item('Zapala', null), item('Lota', 9), item('Buin', null), item('Tomé', -0), item('Coya', 0)];
	const ranking = rankByValue(items, byName);

	it('orders from the highest value, ties and empty cells by name, empty cells last', () => {
		expect(ranking.descending.map((entry) => entry.name)).toEqual(['Lota', 'Arica', 'Maipú', 'Ñuñoa', 'Coya', 'Tomé', 'Buin', 'Zapala']);
	});

	it('gives competition ranks (1, 2, 3, 3, 5) and none to empty cells', () => {
		expect(ranking.descending.map((entry) => entry.rank)).toEqual([1, 2, 3, 3, 5, 5, null, null]);
	});

	it('orders from the lowest value with ties by name, empty cells still last', () => {
		expect(ranking.ascending().map((entry) => entry.name)).toEqual(['Coya', 'Tomé', 'Maipú', 'Ñuñoa', 'Arica', 'Lota', 'Buin', 'Zapala']);
	});

	it('ranks thousands of values like a comparator sort would', () => {
		let seed = 3;
		const many = Array.from({ length: 5000 }, (_, index) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return item(`T${String(index).padStart(4, '0')}`, seed % 7 === 0 ? null : (seed % 900) / 10);
		});
		const expected = [...many].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity) || byName(a, b)).map((entry) => entry.name);
		const { descending } = rankByValue(many, byName);
		expect(descending.map((entry) => entry.name)).toEqual(expected);
		// A rank is one more than the number of higher values.
		for (const entry of descending.slice(0, 300)) if (entry.value !== null) expect(entry.rank).toBe(many.filter((other) => other.value !== null && other.value > entry.value!).length + 1);
	});
});
