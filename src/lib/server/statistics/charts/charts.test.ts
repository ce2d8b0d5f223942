import { describe, expect, it } from 'vitest';
import {
	HISTOGRAM_BAR_COLOR,
	HISTOGRAM_HIGHLIGHT_COLOR,
	countBins,
	renderDistributionChart
} from './distribution-chart';
import {
	MAP_OUTLINE_COLOR,
	MAP_PALETTE,
	buildQuantileClasses,
	findClass,
	listMappedCountries,
	renderLatinAmericaMap
} from './latin-america-map';
import { MAX_LINE_SERIES, renderLineChart, type LineSeries } from './line-chart';
import { SPARKLINE_COLOR, renderSparkline } from './sparkline';
import { AXIS_COLOR, SERIES_COLORS, TEXT_COLOR, escapeXml, formatCoordinate, niceTicks, toSafeId } from './svg';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;
const ESCAPED_HOSTILE = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;';
const formatNumber = (n: number) => new Intl.NumberFormat('es', { maximumFractionDigits: 2 }).format(n);

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, bl] = [1, 3, 5]
			.map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
			.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
	};
	const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (high! + 0.05) / (low! + 0.05);
}

/** Checks what every chart promises: one well-nested, script-free `<svg role="img">` labelled by its own title (and desc). */
function expectAccessibleSvg(svg: string, id: string, options: { desc: boolean } = { desc: true }): void {
	expect(svg.startsWith('<svg ')).toBe(true);
	expect(svg.endsWith('</svg>')).toBe(true);
	expect(svg).toContain('role="img"');
	expect(svg).toMatch(/viewBox="0 0 [\d.]+ [\d.]+"/);
	const labelledBy = /aria-labelledby="([^"]*)"/.exec(svg)?.[1]?.split(' ') ?? [];
	expect(labelledBy).toEqual(options.desc ? [`${id}-title`, `${id}-desc`] : [`${id}-title`]);
	expect(svg).toContain(`<title id="${id}-title">`);
	if (options.desc) expect(svg).toContain(`<desc id="${id}-desc">`);
	else expect(svg).not.toContain('<desc');
	expect(svg).not.toMatch(/NaN|Infinity|undefined/);
	expect(svg).not.toMatch(/<script|<foreignObject|\son\w+=|javascript:/i);
	// Only internal references (url(#…)); the xmlns is a namespace name, not a fetch.
	expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|xlink:href|href=/);
	// Tags must nest: a stack of open elements ends empty, and text holds no raw < or >.
	const stack: string[] = [];
	for (const match of svg.matchAll(/<(\/?)([a-zA-Z]+)[^<>]*?(\/?)>/g)) {
		const [, closing, name, selfClosing] = match;
		if (selfClosing) continue;
		if (closing) expect(stack.pop()).toBe(name);
		else stack.push(name!);
	}
	expect(stack).toEqual([]);
	expect(svg.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
	// One decimal at most in coordinates: keeps the markup small.
	expect(svg.replace(/dy="0\.\d+em"/g, '')).not.toMatch(/\d\.\d{2,}/);
}

/** Count of elements with a given tag name. */
function countTags(svg: string, name: string): number {
	return svg.match(new RegExp(`<${name}[\\s>/]`, 'g'))?.length ?? 0;
}

describe('svg helpers', () => {
	it('escapes the XML special characters', () => {
		expect(escapeXml(HOSTILE)).toBe(ESCAPED_HOSTILE);
	});

	it('rounds coordinates to one decimal and never prints NaN or -0', () => {
		expect(formatCoordinate(12.345)).toBe('12.3');
		expect(formatCoordinate(-0.01)).toBe('0');
		expect(formatCoordinate(Number.NaN)).toBe('0');
		expect(formatCoordinate(Number.POSITIVE_INFINITY)).toBe('0');
	});

	it('makes ids safe for aria-labelledby and url(#…)', () => {
		expect(toSafeId('a b"c')).toBe('a_b_c');
		expect(toSafeId('')).toBe('chart');
	});

	it('finds 1-2-5 ticks that cover the range', () => {
		expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
		expect(niceTicks(3, 97, 5)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(niceTicks(0.1, 0.3, 4)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
		expect(niceTicks(-7, 12, 4)).toEqual([-10, -5, 0, 5, 10, 15]);
		expect(niceTicks(1200, 98000, 5)).toEqual([0, 20000, 40000, 60000, 80000, 100000]);
	});

	it('widens equal bounds and survives non-finite ones', () => {
		const flat = niceTicks(42, 42, 5);
		expect(flat[0]).toBeLessThan(42);
		expect(flat[flat.length - 1]).toBeGreaterThan(42);
		expect(niceTicks(0, 0, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
		for (const ticks of [niceTicks(Number.NaN, 5), niceTicks(Number.NaN, Number.NaN), niceTicks(-Infinity, Infinity)]) {
			expect(ticks.length).toBeGreaterThan(1);
			expect(ticks.every(Number.isFinite)).toBe(true);
		}
	});

	it('uses colours that meet WCAG contrast on white', () => {
		for (const color of SERIES_COLORS) expect(contrast(color, '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrast(TEXT_COLOR, '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrast(AXIS_COLOR, '#ffffff')).toBeGreaterThanOrEqual(3);
		expect(contrast(HISTOGRAM_BAR_COLOR, '#ffffff')).toBeGreaterThanOrEqual(3);
		expect(contrast(HISTOGRAM_HIGHLIGHT_COLOR, '#ffffff')).toBeGreaterThanOrEqual(4.5);
		expect(contrast(HISTOGRAM_HIGHLIGHT_COLOR, HISTOGRAM_BAR_COLOR)).toBeGreaterThanOrEqual(3);
		expect(contrast(SPARKLINE_COLOR, '#ffffff')).toBeGreaterThanOrEqual(3);
		expect(contrast(MAP_OUTLINE_COLOR, '#ffffff')).toBeGreaterThanOrEqual(3);
		for (const color of MAP_PALETTE) expect(contrast(MAP_OUTLINE_COLOR, color)).toBeGreaterThanOrEqual(1.05);
		expect(contrast(MAP_OUTLINE_COLOR, MAP_PALETTE[0])).toBeGreaterThanOrEqual(3);
	});
});

describe('renderLineChart', () => {
	const years = (from: number, values: (number | null)[]) =>
		values.map((value, index) => ({ period: String(from + index), value }));
	const base = { id: 'population', title: 'Población', description: 'Serie anual', formatNumber };

	it('renders several series, each with its own dash pattern, marker and end label', () => {
		const series: LineSeries[] = [
			{ label: 'Cuenca', points: years(2015, [10, 12, 13, 15]) },
			{ label: 'Loja', points: years(2016, [8, 9, 11]) },
			{ label: 'Ecuador', points: years(2015, [11, 11.5, 12, 12.5]) }
		];
		const svg = renderLineChart({ ...base, series });
		expectAccessibleSvg(svg, 'population');
		expect(svg).toContain('>Cuenca</tspan>');
		expect(svg).toContain('>Ecuador</tspan>');
		expect(svg).toContain('>2015</text>');
		expect(svg).toContain('>2018</text>');
		const dashes = [...svg.matchAll(/<path d="M[^"]*L[^"]*" fill="none" stroke="(#\w+)" stroke-width="2" stroke-linejoin="round"( stroke-dasharray="([^"]*)")?/g)];
		expect(dashes).toHaveLength(3);
		expect(new Set(dashes.map((match) => match[3] ?? 'solid')).size).toBe(3);
		expect(new Set(dashes.map((match) => match[1])).size).toBe(3);
		expect(svg).toContain(`width="100%"`);
	});

	it('orders periods as the union of all series, sorted', () => {
		const svg = renderLineChart({
			...base,
			series: [
				{ label: 'A', points: [{ period: '2021', value: 1 }, { period: '2019', value: 2 }] },
				{ label: 'B', points: [{ period: '2020', value: 3 }] }
			]
		});
		const labels = [...svg.matchAll(/>(20\d\d)<\/text>/g)].map((match) => match[1]);
		expect(labels).toEqual(['2019', '2020', '2021']);
	});

	it('breaks the line at null gaps', () => {
		const svg = renderLineChart({ ...base, series: [{ label: 'A', points: years(2010, [1, 2, null, 4, 5]) }] });
		expectAccessibleSvg(svg, 'population');
		const line = /<path d="(M[^"]*)" fill="none"/.exec(svg)?.[1] ?? '';
		expect(line.match(/M/g)).toHaveLength(2);
	});

	it('handles empty input, all nulls, one point, equal values and negatives', () => {
		const cases: LineSeries[][] = [
			[],
			[{ label: 'A', points: [] }],
			[{ label: 'A', points: years(2010, [null, null]) }],
			[{ label: 'A', points: years(2010, [5]) }],
			[{ label: 'A', points: years(2010, [3, 3, 3]) }],
			[{ label: 'A', points: years(2010, [0, 0]) }],
			[{ label: 'A', points: years(2010, [-5, -2, 4, Number.NaN, Number.POSITIVE_INFINITY]) }]
		];
		for (const series of cases) expectAccessibleSvg(renderLineChart({ ...base, series }), 'population');
		const single = renderLineChart({ ...base, series: [{ label: 'A', points: years(2010, [5]) }] });
		expect(countTags(single, 'path')).toBeGreaterThanOrEqual(1);
		expect(renderLineChart({ ...base, series: [] })).not.toContain('<path');
	});

	it('labels every nth period when they would overlap, always keeping the latest', () => {
		const values = Array.from({ length: 60 }, (_, index) => index);
		const points = values.map((value, index) => ({ period: `${2000 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, value }));
		const svg = renderLineChart({ ...base, series: [{ label: 'A', points }] });
		expectAccessibleSvg(svg, 'population');
		const labels = [...svg.matchAll(/>(\d{4}-\d\d)<\/text>/g)].map((match) => match[1]);
		expect(labels.length).toBeLessThan(20);
		expect(labels[labels.length - 1]).toBe('2004-12');
	});

	it('draws at most five series', () => {
		const series = Array.from({ length: 7 }, (_, index) => ({ label: `S${index}`, points: years(2010, [index, index + 1]) }));
		const svg = renderLineChart({ ...base, series });
		expect(svg.match(/<tspan/g)).toHaveLength(MAX_LINE_SERIES);
		expect(svg).not.toContain('>S5<');
	});

	it('escapes titles, descriptions, labels, periods and formatted numbers', () => {
		const svg = renderLineChart({
			id: 'x"><script>',
			title: HOSTILE,
			description: HOSTILE,
			formatNumber: () => HOSTILE,
			series: [{ label: HOSTILE, points: [{ period: HOSTILE, value: 1 }, { period: 'b', value: 2 }] }]
		});
		expectAccessibleSvg(svg, toSafeId('x"><script>'));
		expect(svg).not.toContain('<script');
		expect(svg).toContain(`<title id="x___script_-title">${ESCAPED_HOSTILE}</title>`);
		expect(svg).toContain('&lt;script&gt;');
	});
});

describe('renderDistributionChart', () => {
	const base = {
		id: 'dist',
		title: 'Distribución',
		description: 'Histograma',
		formatNumber,
		countLabel: (n: number) => `${formatNumber(n)} municipios`
	};

	it('draws a histogram of many values with a marker line', () => {
		const values = Array.from({ length: 17_000 }, (_, index) => (index * 7919) % 1000);
		const svg = renderDistributionChart({ ...base, values, highlight: { value: 432, label: 'Cuenca' } });
		expectAccessibleSvg(svg, 'dist');
		const bars = countTags(svg, 'rect');
		expect(bars).toBeGreaterThanOrEqual(10);
		expect(bars).toBeLessThanOrEqual(40);
		expect(svg).toContain('>Cuenca</text>');
		expect(svg).toContain('municipios');
		expect(svg).toContain(`stroke="${HISTOGRAM_HIGHLIGHT_COLOR}"`);
		expect(svg.length).toBeLessThan(15_000);
	});

	it('puts every value in exactly one bin', () => {
		expect(countBins([0, 0.1, 0.2, 0.3, 1], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])).toEqual([
			1, 1, 1, 1, 0, 0, 0, 0, 0, 1
		]);
		const values = Array.from({ length: 1000 }, (_, index) => Math.sin(index) * 50);
		const edges = niceTicks(-50, 50, 20);
		expect(countBins(values, edges).reduce((sum, count) => sum + count, 0)).toBe(1000);
	});

	it('handles empty input, one value, equal values, negatives and a marker outside the data', () => {
		const cases = [
			{ values: [] },
			{ values: [Number.NaN, Number.POSITIVE_INFINITY] },
			{ values: [7] },
			{ values: [3, 3, 3, 3] },
			{ values: [0, 0] },
			{ values: [-20, -5, -1, 0, 3] },
			{ values: [1, 2, 3], highlight: { value: 100, label: 'X' } },
			{ values: [1, 2, 3], highlight: { value: Number.NaN, label: 'X' } },
			{ values: [1, 2, 3], bins: 0 },
			{ values: [1, 2, 3], bins: 10_000 }
		];
		for (const options of cases) expectAccessibleSvg(renderDistributionChart({ ...base, ...options }), 'dist');
		expect(renderDistributionChart({ ...base, values: [] })).not.toContain('<rect');
		expect(countTags(renderDistributionChart({ ...base, values: [7] }), 'rect')).toBe(1);
	});

	it('escapes the marker label and caller texts', () => {
		const svg = renderDistributionChart({
			...base,
			title: HOSTILE,
			values: [1, 2, 3],
			highlight: { value: 2, label: HOSTILE },
			countLabel: () => HOSTILE
		});
		expectAccessibleSvg(svg, 'dist');
		expect(svg).toContain(`>${ESCAPED_HOSTILE}</text>`);
	});
});

describe('renderSparkline', () => {
	it('draws a word-sized line with the last point marked and only a title', () => {
		const svg = renderSparkline({ id: 'spark', title: 'Población 2015–2024', values: [1, 3, 2, null, 5, 6] });
		expectAccessibleSvg(svg, 'spark', { desc: false });
		expect(svg).toContain('width="100" height="24"');
		expect(svg).toContain('viewBox="0 0 100 24"');
		expect(countTags(svg, 'circle')).toBe(1);
		expect(/<path d="([^"]*)"/.exec(svg)?.[1]?.match(/M/g)).toHaveLength(2);
		expect(svg).not.toContain('<text');
	});

	it('handles empty, single, flat and gappy input', () => {
		for (const values of [[], [null], [4], [2, 2, 2], [1, null, 3, null, 5], [-3, Number.NaN, -1]]) {
			expectAccessibleSvg(renderSparkline({ id: 'spark', title: HOSTILE, values }), 'spark', { desc: false });
		}
		expect(renderSparkline({ id: 'spark', title: 't', values: [4] })).toContain('<circle');
		// Lone points between gaps stay visible.
		expect(countTags(renderSparkline({ id: 's', title: 't', values: [1, null, 3, null, 5] }), 'circle')).toBe(3);
	});

	it('escapes its title', () => {
		expect(renderSparkline({ id: 's', title: HOSTILE, values: [1, 2] })).toContain(ESCAPED_HOSTILE);
	});
});

describe('renderLatinAmericaMap', () => {
	const base = {
		id: 'map',
		title: 'Pobreza',
		description: 'Mapa de pobreza por país',
		formatNumber,
		countryName: (alpha2: string) => new Intl.DisplayNames(['es'], { type: 'region' }).of(alpha2) ?? alpha2,
		noDataLabel: 'Sin datos',
		legendTitle: 'Pobreza (%)'
	};
	const fillOf = (svg: string, alpha2: string) =>
		new RegExp(`<path d="[^"]+" fill="([^"]+)" data-country="${alpha2}">`).exec(svg)?.[1];

	it('draws the Latin American and Caribbean countries of the 1:110m map', () => {
		const mapped = listMappedCountries();
		for (const code of ['AR', 'BR', 'MX', 'CU', 'HT', 'DO', 'PR', 'JM', 'TT', 'BZ', 'GY', 'SR', 'BS', 'UY', 'PY']) {
			expect(mapped).toContain(code);
		}
		expect(new Set(mapped).size).toBe(mapped.length);
	});

	it('shades a country with its class colour and the others with the no-data pattern', () => {
		const values = new Map([
			['BR', 10],
			['AR', 20],
			['MX', 30],
			['CL', 40],
			['pe', 50],
			['XX', 60]
		]);
		const svg = renderLatinAmericaMap({ ...base, values });
		expectAccessibleSvg(svg, 'map');
		expect(fillOf(svg, 'BR')).toBe(MAP_PALETTE[0]);
		expect(fillOf(svg, 'MX')).toBe(MAP_PALETTE[2]);
		expect(fillOf(svg, 'PE')).toBe(MAP_PALETTE[4]);
		expect(fillOf(svg, 'CO')).toBe('url(#map-nodata)');
		expect(fillOf(svg, 'CU')).toBe('url(#map-nodata)');
		expect(svg).toContain('<pattern id="map-nodata"');
		expect(svg).toContain('<title>Brasil: 10</title>');
		expect(svg).toContain('<title>Colombia: Sin datos</title>');
		// Legend: its title, one range per class, then no data.
		expect(svg).toContain('>Pobreza (%)</text>');
		expect(svg).toContain('>Sin datos</text>');
		expect(svg.match(/<rect x="[^"]+" y="[^"]+" width="18"/g)).toHaveLength(6);
		expect(svg.length).toBeLessThan(60_000);
	});

	it('keeps the geometry between calls and only changes fills', () => {
		const strip = (svg: string) => svg.replace(/ fill="[^"]*"/g, '').replace(/<title>[^<]*<\/title>/g, '');
		const first = renderLatinAmericaMap({ ...base, values: new Map([['BR', 1]]) });
		const second = renderLatinAmericaMap({ ...base, values: new Map([['AR', 1], ['BO', 2]]) });
		const paths = (svg: string) => [...strip(svg).matchAll(/<path d="([^"]+)" data-country/g)].map((match) => match[1]);
		expect(paths(first)).toEqual(paths(second));
	});

	it('handles no values, one value, equal values and negatives', () => {
		for (const entries of [[], [['BR', 5]], [['BR', 5], ['AR', 5]], [['BR', -3], ['AR', 0], ['CL', 2]], [['BR', Number.NaN]]] as [string, number][][]) {
			const svg = renderLatinAmericaMap({ ...base, values: new Map(entries) });
			expectAccessibleSvg(svg, 'map');
			expect(svg.length).toBeLessThan(60_000);
		}
		const none = renderLatinAmericaMap({ ...base, values: new Map() });
		expect(none).not.toMatch(new RegExp(MAP_PALETTE.join('|')));
	});

	it('escapes country names, labels and formatted numbers', () => {
		const svg = renderLatinAmericaMap({
			...base,
			title: HOSTILE,
			values: new Map([['BR', 1]]),
			countryName: () => HOSTILE,
			legendTitle: HOSTILE,
			noDataLabel: HOSTILE,
			formatNumber: () => HOSTILE
		});
		expectAccessibleSvg(svg, 'map');
		expect(svg).toContain(`<title>${ESCAPED_HOSTILE}: ${ESCAPED_HOSTILE}</title>`);
	});
});

describe('buildQuantileClasses', () => {
	it('splits values into five classes of about equal size', () => {
		const classes = buildQuantileClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(classes.map(({ min, max }) => [min, max])).toEqual([
			[1, 2],
			[3, 4],
			[5, 6],
			[7, 8],
			[9, 10]
		]);
		expect(classes.map((mapClass) => mapClass.color)).toEqual([...MAP_PALETTE]);
		expect(findClass(classes, 6)?.color).toBe(MAP_PALETTE[2]);
	});

	it('never splits ties, gives fewer classes for fewer distinct values and spreads their colours', () => {
		const classes = buildQuantileClasses([1, 1, 1, 1, 2]);
		expect(classes.map(({ min, max }) => [min, max])).toEqual([
			[1, 1],
			[2, 2]
		]);
		expect(classes.map((mapClass) => mapClass.color)).toEqual([MAP_PALETTE[0], MAP_PALETTE[4]]);
		expect(buildQuantileClasses([7, 7])).toEqual([{ min: 7, max: 7, color: MAP_PALETTE[2] }]);
		expect(buildQuantileClasses([])).toEqual([]);
	});
});
