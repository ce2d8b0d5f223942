import {
	AXIS_COLOR,
	computeLabelStride,
	escapeXml,
	estimateTextWidth,
	formatCoordinate,
	niceTicks,
	openSvg,
	renderText,
	renderYAxis,
	scaleLinear
} from './svg';

/** Input of `renderDistributionChart`. */
export interface DistributionChartOptions {
	id: string;
	title: string;
	description: string;
	/** One value per unit (e.g. the latest value of an indicator in each municipality); non-finite values are skipped. */
	values: readonly number[];
	/** A vertical marker, e.g. for the municipality being viewed; `label` is written above it as given. */
	highlight?: { value: number; label: string };
	/** About how many bins; the actual number follows from rounding the bin width to a 1-2-5 step. Default 20. */
	bins?: number;
	formatNumber: (n: number) => string;
	/** Words for a count ("1 234 municipalities"), used on the count axis and in each bar's tooltip. */
	countLabel: (n: number) => string;
}

/** Bar fill: 3.4:1 on white, so bars meet the 3:1 for graphical objects. */
export const HISTOGRAM_BAR_COLOR = '#5b8fc7';
/** Marker line and its label: 5.1:1 against the bars and 17:1 on white. */
export const HISTOGRAM_HIGHLIGHT_COLOR = '#1a1a1a';

const WIDTH = 640;
const HEIGHT = 280;
const MARGIN_TOP = 24;
const MARGIN_BOTTOM = 30;
const MARGIN_RIGHT = 16;
const DEFAULT_BINS = 20;
const MAX_BINS = 100;

/** Counts per bin over `edges` (equal widths); bins are [low, high) except the last, which also takes its upper edge. */
export function countBins(values: readonly number[], edges: readonly number[]): number[] {
	const binCount = Math.max(0, edges.length - 1);
	const counts = new Array<number>(binCount).fill(0);
	if (binCount === 0) return counts;
	const start = edges[0]!;
	const width = edges[1]! - start;
	for (const value of values) {
		// The epsilon keeps a value sitting on an edge (0.3 with width 0.1) out of the bin below it.
		const raw = Math.floor((value - start) / width + 1e-9);
		const index = Math.min(binCount - 1, Math.max(0, raw));
		counts[index]!++;
	}
	return counts;
}

/**
 * Histogram of many values (e.g. an indicator across ~17,000 municipalities), with bin edges on round numbers and an
 * optional marker line for one value. The count axis starts at zero.
 */
export function renderDistributionChart(options: DistributionChartOptions): string {
	const { formatNumber, countLabel, highlight } = options;
	const open = openSvg({
		id: options.id,
		width: WIDTH,
		height: HEIGHT,
		title: options.title,
		description: options.description
	});
	const values = options.values.filter((value) => Number.isFinite(value));
	if (values.length === 0) return `${open}</svg>`;

	const hasHighlight = highlight !== undefined && Number.isFinite(highlight.value);
	// A loop rather than Math.min(...values): spreading 17,000 arguments is close to engines' argument limits.
	let min = Infinity;
	let max = -Infinity;
	for (const value of values) {
		if (value < min) min = value;
		if (value > max) max = value;
	}
	if (hasHighlight) {
		min = Math.min(min, highlight.value);
		max = Math.max(max, highlight.value);
	}
	const requestedBins = Math.min(MAX_BINS, Math.max(1, Math.round(options.bins ?? DEFAULT_BINS)));
	const edges = niceTicks(min, max, requestedBins);
	const counts = countBins(values, edges);
	const maxCount = Math.max(...counts);

	// Counts are whole numbers: drop the fractional ticks that small counts would produce.
	const countTicks = niceTicks(0, Math.max(1, maxCount), 4).filter((tick) => Number.isInteger(tick) && tick >= 0);
	const countTickLabels = countTicks.map((tick) => countLabel(tick));
	const marginLeft = Math.max(...countTickLabels.map((label) => estimateTextWidth(label))) + 12;
	const plotLeft = marginLeft;
	const plotRight = WIDTH - MARGIN_RIGHT;
	const plotTop = MARGIN_TOP;
	const plotBottom = HEIGHT - MARGIN_BOTTOM;
	const x = scaleLinear([edges[0]!, edges[edges.length - 1]!], [plotLeft, plotRight]);
	const y = scaleLinear([0, countTicks[countTicks.length - 1]!], [plotBottom, plotTop]);

	let body = renderYAxis({
		ticks: countTicks,
		scale: y,
		left: plotLeft,
		right: plotRight,
		label: (_, index) => countTickLabels[index]!
	});

	body += `<g fill="${HISTOGRAM_BAR_COLOR}">`;
	for (const [index, count] of counts.entries()) {
		if (count === 0) continue;
		const low = edges[index]!;
		const high = edges[index + 1]!;
		// A one-unit gap tells adjacent bars apart without relying on colour differences.
		const left = x(low) + 0.5;
		const width = Math.max(0.5, x(high) - x(low) - 1);
		// At least one unit high: a bin with a single outlier must stay visible next to bins of thousands.
		const top = Math.min(y(count), plotBottom - 1);
		const tooltip = `${formatNumber(low)} – ${formatNumber(high)}: ${countLabel(count)}`;
		body += `<rect x="${formatCoordinate(left)}" y="${formatCoordinate(top)}" width="${formatCoordinate(width)}" height="${formatCoordinate(plotBottom - top)}"><title>${escapeXml(tooltip)}</title></rect>`;
	}
	body += '</g>';
	body += `<line x1="${formatCoordinate(plotLeft)}" x2="${formatCoordinate(plotRight)}" y1="${formatCoordinate(plotBottom)}" y2="${formatCoordinate(plotBottom)}" stroke="${AXIS_COLOR}"/>`;

	const edgeLabels = edges.map((edge) => formatNumber(edge));
	const widestEdge = Math.max(...edgeLabels.map((label) => estimateTextWidth(label)));
	const stride = computeLabelStride(edges.length, (plotRight - plotLeft) / Math.max(1, edges.length - 1), widestEdge);
	body += '<g>';
	for (const [index, edge] of edges.entries()) {
		if (index % stride !== 0) continue;
		const px = x(edge);
		body += `<line x1="${formatCoordinate(px)}" x2="${formatCoordinate(px)}" y1="${formatCoordinate(plotBottom)}" y2="${formatCoordinate(plotBottom + 4)}" stroke="${AXIS_COLOR}"/>`;
		body += renderText(px, plotBottom + 8, edgeLabels[index]!, { anchor: 'middle', baseline: 'hanging' });
	}
	body += '</g>';

	if (hasHighlight) {
		const px = x(highlight.value);
		const labelWidth = estimateTextWidth(highlight.label);
		// Keep the label inside the viewBox when the marker is near either side.
		const anchor = px - labelWidth / 2 < 0 ? 'start' : px + labelWidth / 2 > WIDTH ? 'end' : 'middle';
		body += `<g><line x1="${formatCoordinate(px)}" x2="${formatCoordinate(px)}" y1="${formatCoordinate(plotTop - 4)}" y2="${formatCoordinate(plotBottom)}" stroke="${HISTOGRAM_HIGHLIGHT_COLOR}" stroke-width="2" stroke-dasharray="5 3"/>`;
		body += `${renderText(anchor === 'start' ? Math.max(0, px - 4) : anchor === 'end' ? Math.min(WIDTH, px + 4) : px, plotTop - 8, highlight.label, { anchor, fill: HISTOGRAM_HIGHLIGHT_COLOR, weight: 'bold' })}</g>`;
	}

	return `${open}${body}</svg>`;
}
