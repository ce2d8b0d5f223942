import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
// Imported (not read from disk) so that Vite inlines it into the server bundle and Vitest transforms it alike:
// no path to resolve at run time, whatever the adapter's output layout.
import countriesTopology from 'world-atlas/countries-110m.json' with { type: 'json' };
import { TEXT_COLOR, escapeXml, formatCoordinate, openSvg, renderText, toSafeId } from './svg';

/** Input of `renderLatinAmericaMap`. */
export interface LatinAmericaMapOptions {
	id: string;
	title: string;
	description: string;
	/** Values by ISO 3166-1 alpha-2 code; codes outside `LATIN_AMERICA_NUMERIC_TO_ALPHA2` and non-finite values are ignored. */
	values: ReadonlyMap<string, number>;
	formatNumber: (n: number) => string;
	/** Translated country name, for each country's tooltip. */
	countryName: (alpha2: string) => string;
	noDataLabel: string;
	legendTitle: string;
}

/** One shading class of the map: the smallest and largest value it holds, and its colour. */
export interface MapClass {
	min: number;
	max: number;
	color: string;
}

/**
 * ISO 3166-1 numeric → alpha-2 for the countries and territories of Latin America and the Caribbean that Natural
 * Earth's 1:110m map draws. Smaller islands (Barbados, the Lesser Antilles…) are not drawn at that scale.
 * French Guiana (254) is part of France's multipolygon there and is split off by longitude.
 */
export const LATIN_AMERICA_NUMERIC_TO_ALPHA2: Readonly<Record<string, string>> = {
	'032': 'AR',
	'068': 'BO',
	'076': 'BR',
	'152': 'CL',
	'170': 'CO',
	'188': 'CR',
	'192': 'CU',
	'214': 'DO',
	'218': 'EC',
	'222': 'SV',
	'320': 'GT',
	'340': 'HN',
	'484': 'MX',
	'558': 'NI',
	'591': 'PA',
	'600': 'PY',
	'604': 'PE',
	'858': 'UY',
	'862': 'VE',
	'630': 'PR',
	'332': 'HT',
	'388': 'JM',
	'780': 'TT',
	'084': 'BZ',
	'328': 'GY',
	'740': 'SR',
	'254': 'GF',
	'044': 'BS'
};

/**
 * Sequential palette, light (low) to dark (high): the five-class viridis, which stays ordered for the common colour
 * vision deficiencies and in greyscale. Country outlines in `MAP_OUTLINE_COLOR` make even the palest class stand out
 * from the white sea.
 */
export const MAP_PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;
/** Country borders: 5.5:1 against the palest class and 7:1 on white. */
export const MAP_OUTLINE_COLOR = '#595959';

const WIDTH = 600;
const PADDING = 8;
const FRANCE = '250';
const FRENCH_GUIANA = '254';
// Neighbouring land drawn plain and unlabelled, so the region does not float: the United States (to close Mexico's
// northern border) and the Falkland Islands / Malvinas.
const CONTEXT_IDS = new Set(['840', '238']);
const CONTEXT_FILL = '#ececec';
const CONTEXT_STROKE = '#c6c6c6';
const NO_DATA_HATCH = '#767676';

interface CountryShape {
	alpha2: string;
	path: string;
}

interface MapGeometry {
	width: number;
	height: number;
	countries: CountryShape[];
	context: string;
}

type CountryProperties = { name: string };

// The geometry never changes: it is projected once per process, and each call only picks fills.
let cachedGeometry: MapGeometry | undefined;

/** Splits French Guiana off France's multipolygon, the only way the 1:110m map has it. */
function splitFrenchGuiana(
	france: Feature<Geometry, CountryProperties>
): Feature<MultiPolygon, CountryProperties> | undefined {
	if (france.geometry.type !== 'MultiPolygon') return undefined;
	const americanParts = france.geometry.coordinates.filter((polygon) => (polygon[0]?.[0]?.[0] ?? 0) < -30);
	if (americanParts.length === 0) return undefined;
	return {
		type: 'Feature',
		id: FRENCH_GUIANA,
		properties: { name: 'French Guiana' },
		geometry: { type: 'MultiPolygon', coordinates: americanParts }
	};
}

/** Projects the region once: a Lambert azimuthal equal-area centred on the region keeps areas comparable. */
function loadGeometry(): MapGeometry {
	if (cachedGeometry) return cachedGeometry;
	// The JSON's inferred type is structural (strings, number arrays); it is a TopoJSON topology by construction.
	const topology = countriesTopology as unknown as Topology<{ countries: GeometryCollection<CountryProperties> }>;
	const all = feature(topology, topology.objects.countries).features as Feature<Geometry, CountryProperties>[];

	const regional: Feature<Polygon | MultiPolygon, CountryProperties>[] = [];
	const context: Feature<Geometry, CountryProperties>[] = [];
	for (const country of all) {
		const id = country.id === undefined ? '' : String(country.id);
		if (id === FRANCE) {
			const guiana = splitFrenchGuiana(country);
			if (guiana) regional.push(guiana);
		} else if (id in LATIN_AMERICA_NUMERIC_TO_ALPHA2) {
			if (country.geometry.type === 'Polygon' || country.geometry.type === 'MultiPolygon') {
				regional.push(country as Feature<Polygon | MultiPolygon, CountryProperties>);
			}
		} else if (CONTEXT_IDS.has(id)) {
			context.push(country);
		}
	}

	const collection: FeatureCollection<Polygon | MultiPolygon, CountryProperties> = {
		type: 'FeatureCollection',
		features: regional
	};
	const projection = geoAzimuthalEqualArea().rotate([76, 12]);
	projection.fitWidth(WIDTH - 2 * PADDING, collection);
	const fitted = geoPath(projection).bounds(collection);
	const height = Math.ceil(fitted[1][1] - fitted[0][1]) + 2 * PADDING;
	projection.translate([projection.translate()[0] + PADDING - fitted[0][0], projection.translate()[1] + PADDING - fitted[0][1]]);
	// Context land (mostly the United States) reaches far beyond the frame: clip it there to keep the output small.
	projection.clipExtent([
		[0, 0],
		[WIDTH, height]
	]);
	const path = geoPath(projection).digits(1);

	const countries: CountryShape[] = [];
	for (const country of regional) {
		const d = path(country);
		const alpha2 = LATIN_AMERICA_NUMERIC_TO_ALPHA2[String(country.id)];
		if (d && alpha2) countries.push({ alpha2, path: d });
	}
	const contextPath = context.map((country) => path(country) ?? '').join('');
	cachedGeometry = { width: WIDTH, height, countries, context: contextPath };
	return cachedGeometry;
}

/** Alpha-2 codes of the countries the map actually draws (French Guiana only if the data has it). */
export function listMappedCountries(): string[] {
	return loadGeometry().countries.map((country) => country.alpha2);
}

/**
 * Up to five quantile classes (each holding about as many countries), chosen because indicators such as population
 * are heavily skewed: equal intervals would paint almost every country in the lowest class. Ties never straddle
 * two classes, so fewer distinct values give fewer classes; colours then spread across the palette.
 */
export function buildQuantileClasses(values: readonly number[], maxClasses = MAP_PALETTE.length): MapClass[] {
	const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return [];
	const distinct = new Set(sorted).size;
	const classCount = Math.max(1, Math.min(maxClasses, MAP_PALETTE.length, distinct));
	const upperBounds: number[] = [];
	for (let k = 1; k < classCount; k++) {
		const bound = sorted[Math.ceil((k * sorted.length) / classCount) - 1]!;
		if (upperBounds[upperBounds.length - 1] !== bound) upperBounds.push(bound);
	}
	upperBounds.push(sorted[sorted.length - 1]!);
	const ranges: { min: number; max: number }[] = [];
	let cursor = 0;
	for (const bound of upperBounds) {
		if (cursor >= sorted.length) break;
		const min = sorted[cursor]!;
		while (cursor < sorted.length && sorted[cursor]! <= bound) cursor++;
		ranges.push({ min, max: sorted[cursor - 1]! });
	}
	const last = MAP_PALETTE.length - 1;
	return ranges.map((range, index) => ({
		...range,
		color: MAP_PALETTE[ranges.length === 1 ? Math.floor(last / 2) : Math.round((index * last) / (ranges.length - 1))]!
	}));
}

/** The class holding `value`, or undefined when it is outside them all. */
export function findClass(classes: readonly MapClass[], value: number): MapClass | undefined {
	return classes.find((mapClass) => value >= mapClass.min && value <= mapClass.max);
}

/**
 * Choropleth of Latin America and the Caribbean in up to five quantile classes (see `buildQuantileClasses`), with a
 * hatched pattern for countries without a value and a legend of class ranges. Each country has a tooltip.
 */
export function renderLatinAmericaMap(options: LatinAmericaMapOptions): string {
	const { formatNumber, countryName } = options;
	const geometry = loadGeometry();
	const id = toSafeId(options.id);
	const noDataId = `${id}-nodata`;

	const drawn = new Set(geometry.countries.map((country) => country.alpha2));
	const values = new Map<string, number>();
	for (const [code, value] of options.values) {
		const alpha2 = code.toUpperCase();
		if (drawn.has(alpha2) && Number.isFinite(value)) values.set(alpha2, value);
	}
	const classes = buildQuantileClasses([...values.values()]);

	let out = openSvg({
		id: options.id,
		width: geometry.width,
		height: geometry.height,
		title: options.title,
		description: options.description
	});
	out +=
		`<defs><pattern id="${noDataId}" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
		`<rect width="5" height="5" fill="#fff"/><path d="M0 0V5" stroke="${NO_DATA_HATCH}" stroke-width="1.5"/></pattern></defs>`;
	if (geometry.context !== '') {
		out += `<path d="${geometry.context}" fill="${CONTEXT_FILL}" stroke="${CONTEXT_STROKE}" stroke-width="0.5"/>`;
	}
	out += `<g stroke="${MAP_OUTLINE_COLOR}" stroke-width="0.6" stroke-linejoin="round">`;
	for (const country of geometry.countries) {
		const value = values.get(country.alpha2);
		const mapClass = value === undefined ? undefined : findClass(classes, value);
		const fill = mapClass ? mapClass.color : `url(#${noDataId})`;
		const tooltip = `${countryName(country.alpha2)}: ${value === undefined ? options.noDataLabel : formatNumber(value)}`;
		out += `<path d="${country.path}" fill="${fill}" data-country="${country.alpha2}"><title>${escapeXml(tooltip)}</title></path>`;
	}
	out += '</g>';
	out += renderLegend(options, classes, noDataId, geometry.height);
	return `${out}</svg>`;
}

/** Legend in the empty Pacific corner (bottom left): title, one swatch per class, then the no-data swatch. */
function renderLegend(
	options: LatinAmericaMapOptions,
	classes: readonly MapClass[],
	noDataId: string,
	height: number
): string {
	const rowHeight = 20;
	const rows = classes.length + 1;
	const top = height - PADDING - rowHeight * rows - 22;
	const left = PADDING + 4;
	let out = `<g>${renderText(left, top, options.legendTitle, { weight: 'bold', fill: TEXT_COLOR })}`;
	const swatch = (y: number, fill: string) =>
		`<rect x="${formatCoordinate(left)}" y="${formatCoordinate(y)}" width="18" height="13" fill="${fill}" stroke="${MAP_OUTLINE_COLOR}" stroke-width="0.6"/>`;
	for (const [index, mapClass] of classes.entries()) {
		const y = top + 12 + index * rowHeight;
		const range =
			mapClass.min === mapClass.max
				? options.formatNumber(mapClass.min)
				: `${options.formatNumber(mapClass.min)} – ${options.formatNumber(mapClass.max)}`;
		out += swatch(y, mapClass.color) + renderText(left + 26, y + 6.5, range, { baseline: 'middle' });
	}
	const noDataY = top + 12 + classes.length * rowHeight;
	out += swatch(noDataY, `url(#${noDataId})`) + renderText(left + 26, noDataY + 6.5, options.noDataLabel, { baseline: 'middle' });
	return `${out}</g>`;
}
