/**
 * Shared pieces of the SVG chart renderers: escaping, rounding, nice ticks, scales and the accessible frame.
 *
 * Charts are rendered on the server as strings and inserted with `{@html}`; every text that reaches the markup goes
 * through `escapeXml`, and every number through `formatCoordinate`, so that no `NaN` or `Infinity` can leak out.
 */

/** Text colour: 12.6:1 on white. */
export const TEXT_COLOR = '#333333';
/** Axis lines and tick marks: 4.5:1 on white, above the 3:1 needed for graphical objects. */
export const AXIS_COLOR = '#767676';
/** Grid lines are decorative (the axis labels carry the values), so they may be faint. */
export const GRID_COLOR = '#e5e5e5';
/** Font stack of every chart: the system font, since pages load no web font. */
export const FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif';
/** Font size of labels, in viewBox units. */
export const FONT_SIZE = 12;

/**
 * Series colours, each at least 4.5:1 on white because the same colour writes the label at the line's end.
 * Derived from the Okabe–Ito palette (colour-blind safe), darkened where it fell short of the contrast.
 */
export const SERIES_COLORS = ['#0066a1', '#b34700', '#00704f', '#a2357a', '#333333'] as const;

/** Escapes the five XML special characters, for element text and attribute values alike. */
export function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => {
		switch (char) {
			case '&':
				return '&amp;';
			case '<':
				return '&lt;';
			case '>':
				return '&gt;';
			case '"':
				return '&quot;';
			default:
				return '&#39;';
		}
	});
}

/** Formats a coordinate rounded to one decimal; a non-finite number becomes 0 so that markup never says NaN. */
export function formatCoordinate(n: number): string {
	if (!Number.isFinite(n)) return '0';
	const rounded = Math.round(n * 10) / 10;
	// Object.is tells -0 apart: "-0" would be valid but wastes bytes.
	return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Turns a caller's id into one that is a single token of `aria-labelledby` and safe in an attribute and a `url(#…)`. */
export function toSafeId(id: string): string {
	const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '_');
	return cleaned === '' ? 'chart' : cleaned;
}

/**
 * The 1-2-5 step nearest to `rawStep` on a log scale (e.g. 0.37 → 0.5, 1300 → 1000), so that the number of
 * intervals lands near the one asked for rather than up to half of it. Thresholds are the geometric means, as in d3.
 */
export function niceStep(rawStep: number): number {
	if (!(rawStep > 0) || !Number.isFinite(rawStep)) return 1;
	const magnitude = 10 ** Math.floor(Math.log10(rawStep));
	const normalized = rawStep / magnitude;
	const factor = normalized >= Math.sqrt(50) ? 10 : normalized >= Math.sqrt(10) ? 5 : normalized >= Math.SQRT2 ? 2 : 1;
	return factor * magnitude;
}

/**
 * Round tick values in steps of 1, 2 or 5 × 10ⁿ that cover [min, max] with about `count` intervals.
 * Equal bounds are widened (a flat series still gets an axis); non-finite bounds fall back to 0..1.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
	let low = Number.isFinite(min) ? min : 0;
	let high = Number.isFinite(max) ? max : Number.isFinite(min) ? min : 1;
	if (low > high) [low, high] = [high, low];
	if (low === high) {
		const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
		low -= pad;
		high += pad;
	}
	const span = high - low;
	// Bounds near ±Number.MAX_VALUE overflow the span; such data has no meaningful ticks anyway.
	if (!Number.isFinite(span)) return [low, high];
	const step = niceStep(span / Math.max(1, Math.round(count)));
	// Rounding each tick to the step's decimals avoids 0.30000000000000004 in the labels.
	const decimals = Math.max(0, -Math.floor(Math.log10(step)));
	const first = Math.floor(low / step);
	const last = Math.ceil(high / step);
	const ticks: number[] = [];
	for (let k = first; k <= last; k++) {
		const tick = Number((k * step).toFixed(Math.min(decimals, 100)));
		ticks.push(Object.is(tick, -0) ? 0 : tick);
	}
	return ticks;
}

/** A linear map from a domain to a range; a zero-width domain maps everything to the middle of the range. */
export function scaleLinear(domain: [number, number], range: [number, number]): (value: number) => number {
	const [d0, d1] = domain;
	const [r0, r1] = range;
	if (d0 === d1 || !Number.isFinite(d1 - d0)) return () => (r0 + r1) / 2;
	const ratio = (r1 - r0) / (d1 - d0);
	return (value) => r0 + (value - d0) * ratio;
}

/** Rough width of a label in viewBox units: SVG on the server cannot measure text, so this errs on the wide side. */
export function estimateTextWidth(text: string, fontSize = FONT_SIZE): number {
	return text.length * fontSize * 0.6;
}

/** Every how many categories a label fits, given the room per category and the widest label. */
export function computeLabelStride(count: number, roomPerItem: number, widestLabel: number): number {
	if (count <= 1 || roomPerItem <= 0) return 1;
	return Math.max(1, Math.ceil((widestLabel + 8) / roomPerItem));
}

/** Opening `<svg>` with `role="img"`, its `<title>` and (if given) `<desc>`, labelled by both through their ids. */
export function openSvg(options: {
	id: string;
	width: number;
	height: number;
	title: string;
	description?: string;
	/** Intrinsic size for word-sized graphics; charts otherwise take the container's width. */
	fixedSize?: boolean;
}): string {
	const id = toSafeId(options.id);
	const labelledBy = options.description === undefined ? `${id}-title` : `${id}-title ${id}-desc`;
	const size = options.fixedSize
		? `width="${formatCoordinate(options.width)}" height="${formatCoordinate(options.height)}"`
		: 'width="100%"';
	const desc =
		options.description === undefined ? '' : `<desc id="${id}-desc">${escapeXml(options.description)}</desc>`;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" id="${id}" role="img" aria-labelledby="${labelledBy}" ` +
		`viewBox="0 0 ${formatCoordinate(options.width)} ${formatCoordinate(options.height)}" ${size} ` +
		`font-family="${escapeXml(FONT_FAMILY)}" font-size="${FONT_SIZE}">` +
		`<title id="${id}-title">${escapeXml(options.title)}</title>${desc}`
	);
}

/** A `<text>` element with escaped content; `anchor` and extra attributes are optional. */
export function renderText(
	x: number,
	y: number,
	text: string,
	options: { anchor?: 'start' | 'middle' | 'end'; fill?: string; baseline?: 'middle' | 'hanging'; weight?: 'bold' } = {}
): string {
	const attributes = [`x="${formatCoordinate(x)}"`, `y="${formatCoordinate(y)}"`];
	if (options.anchor && options.anchor !== 'start') attributes.push(`text-anchor="${options.anchor}"`);
	// dy rather than dominant-baseline: the latter is ignored by some image converters and older browsers.
	if (options.baseline) attributes.push(`dy="${options.baseline === 'middle' ? '0.35em' : '0.71em'}"`);
	if (options.weight) attributes.push(`font-weight="${options.weight}"`);
	attributes.push(`fill="${options.fill ?? TEXT_COLOR}"`);
	return `<text ${attributes.join(' ')}>${escapeXml(text)}</text>`;
}

/** Path data for a polyline, breaking it wherever a point is null; single isolated points draw nothing here. */
export function buildLinePath(points: readonly ({ x: number; y: number } | null)[]): string {
	let data = '';
	let penDown = false;
	for (const point of points) {
		if (point === null) {
			penDown = false;
			continue;
		}
		data += `${penDown ? 'L' : 'M'}${formatCoordinate(point.x)} ${formatCoordinate(point.y)}`;
		penDown = true;
	}
	return data;
}

/** Horizontal grid lines with their labels to the left of the plot, as used by the line chart and the histogram. */
export function renderYAxis(options: {
	ticks: readonly number[];
	scale: (value: number) => number;
	left: number;
	right: number;
	label: (tick: number, index: number) => string;
}): string {
	let out = '<g>';
	for (const tick of options.ticks) {
		const y = formatCoordinate(options.scale(tick));
		out += `<line x1="${formatCoordinate(options.left)}" x2="${formatCoordinate(options.right)}" y1="${y}" y2="${y}" stroke="${GRID_COLOR}"/>`;
	}
	for (const [index, tick] of options.ticks.entries()) {
		out += renderText(options.left - 6, options.scale(tick), options.label(tick, index), {
			anchor: 'end',
			baseline: 'middle'
		});
	}
	return `${out}</g>`;
}
