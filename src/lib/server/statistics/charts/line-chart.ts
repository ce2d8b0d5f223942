import {
	AXIS_COLOR,
	SERIES_COLORS,
	buildLinePath,
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

/** One point of a series; `null` is a gap (no data for that period) and breaks the line. */
export interface LinePoint {
	period: string;
	value: number | null;
}

/** One line of the chart. */
export interface LineSeries {
	label: string;
	points: readonly LinePoint[];
}

/** Input of `renderLineChart`. */
export interface LineChartOptions {
	id: string;
	title: string;
	description: string;
	/** At most `MAX_LINE_SERIES`; more would be indistinguishable, so the rest are not drawn (the data table has them). */
	series: readonly LineSeries[];
	formatNumber: (n: number) => string;
}

/** How many series a line chart can tell apart by colour, dash pattern and marker. */
export const MAX_LINE_SERIES = 5;

const WIDTH = 640;
const HEIGHT = 320;
const MARGIN_TOP = 12;
const MARGIN_BOTTOM = 30;
// Beyond this many periods, markers on every point crowd the line and bloat the output: only ends and lone points keep one.
const MAX_MARKED_PERIODS = 30;
// Room for the sample line and marker drawn before each end label, so the label doubles as a legend entry.
const END_SAMPLE_WIDTH = 22;
const END_LABEL_LINE_HEIGHT = 14;
const END_LABEL_MAX_CHARS = 22;
// Distinct without colour: each series pairs a dash pattern with a marker shape.
const DASH_PATTERNS = ['', '8 4', '2 3', '10 3 2 3', '4 2'] as const;
const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;

type MarkerShape = (typeof MARKER_SHAPES)[number];

/** Path data of one marker centred on (x, y); a single path per series keeps the output small. */
function buildMarkerPath(shape: MarkerShape, x: number, y: number): string {
	const c = formatCoordinate;
	switch (shape) {
		case 'circle':
			return `M${c(x - 3.5)} ${c(y)}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0-7 0`;
		case 'square':
			return `M${c(x - 3.2)} ${c(y - 3.2)}h6.4v6.4h-6.4z`;
		case 'triangle':
			return `M${c(x)} ${c(y - 4.5)}l4.5 7.5h-9z`;
		case 'diamond':
			return `M${c(x)} ${c(y - 4.5)}l4.5 4.5-4.5 4.5-4.5-4.5z`;
		case 'cross':
			return `M${c(x - 3.5)} ${c(y - 3.5)}l7 7m0-7l-7 7`;
	}
}

/** The marker as an element: filled shapes take the series colour, the cross is drawn with its stroke. */
function renderMarkers(shape: MarkerShape, color: string, data: string): string {
	if (data === '') return '';
	return shape === 'cross'
		? `<path d="${data}" fill="none" stroke="${color}" stroke-width="2"/>`
		: `<path d="${data}" fill="${color}"/>`;
}

/** Splits a label into at most two lines at spaces, cutting the rest with an ellipsis (the data table has it whole). */
function wrapLabel(label: string): string[] {
	const words = label.trim().split(/\s+/);
	const lines: string[] = [];
	let current = '';
	for (const word of words) {
		if (current === '') current = word;
		else if (current.length + 1 + word.length <= END_LABEL_MAX_CHARS) current += ` ${word}`;
		else {
			lines.push(current);
			current = word;
		}
	}
	if (current !== '') lines.push(current);
	const kept = lines.slice(0, 2).map((line) =>
		line.length > END_LABEL_MAX_CHARS ? `${line.slice(0, END_LABEL_MAX_CHARS - 1)}…` : line
	);
	if (lines.length > 2 && kept[1] !== undefined && !kept[1].endsWith('…')) {
		kept[1] = `${kept[1].slice(0, END_LABEL_MAX_CHARS - 1)}…`;
	}
	return kept;
}

/**
 * Spreads end labels vertically so that they do not overlap, keeping each as near its line's end as it can.
 * Greedy: push down in order, then pull back up from the bottom if the last ones fell off the plot.
 */
function spreadLabels(items: { y: number; height: number }[], top: number, bottom: number): number[] {
	const order = items.map((item, index) => ({ ...item, index })).sort((a, b) => a.y - b.y);
	const placed = order.map((item) => item.y);
	for (let i = 0; i < order.length; i++) {
		const previous = order[i - 1];
		const minY = i === 0 || previous === undefined ? top : placed[i - 1]! + (previous.height + order[i]!.height) / 2;
		placed[i] = Math.max(placed[i]!, minY);
	}
	for (let i = order.length - 1; i >= 0; i--) {
		const next = order[i + 1];
		const maxY = next === undefined ? bottom : placed[i + 1]! - (next.height + order[i]!.height) / 2;
		placed[i] = Math.min(placed[i]!, maxY);
	}
	const result: number[] = new Array<number>(items.length);
	order.forEach((item, i) => (result[item.index] = placed[i]!));
	return result;
}

/**
 * Line chart of up to five series over categorical periods (the sorted union of all periods: ISO-like period strings
 * such as "2020", "2020-Q1" or "2020-03" sort chronologically). Null values break the line.
 */
export function renderLineChart(options: LineChartOptions): string {
	const { formatNumber } = options;
	const series = options.series.slice(0, MAX_LINE_SERIES);
	const open = openSvg({
		id: options.id,
		width: WIDTH,
		height: HEIGHT,
		title: options.title,
		description: options.description
	});

	const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort((a, b) =>
		a < b ? -1 : a > b ? 1 : 0
	);
	const periodIndex = new Map(periods.map((period, index) => [period, index]));
	// Per series, one slot per period; non-finite values from the caller count as gaps like null.
	const grid = series.map((s) => {
		const values: (number | null)[] = new Array<number | null>(periods.length).fill(null);
		for (const point of s.points) {
			const index = periodIndex.get(point.period);
			if (index !== undefined) values[index] = point.value !== null && Number.isFinite(point.value) ? point.value : null;
		}
		return values;
	});
	const allValues = grid.flat().filter((v): v is number => v !== null);
	if (allValues.length === 0) return `${open}</svg>`;

	const ticks = niceTicks(Math.min(...allValues), Math.max(...allValues), 5);
	const tickLabels = ticks.map((tick) => formatNumber(tick));
	const marginLeft = Math.max(...tickLabels.map((label) => estimateTextWidth(label))) + 12;
	const wrapped = series.map((s) => wrapLabel(s.label));
	const widestEndLabel = Math.max(0, ...wrapped.flat().map((line) => estimateTextWidth(line)));
	const marginRight = Math.min(END_SAMPLE_WIDTH + widestEndLabel + 10, WIDTH * 0.4);
	const plotLeft = marginLeft;
	const plotRight = WIDTH - marginRight;
	const plotTop = MARGIN_TOP;
	const plotBottom = HEIGHT - MARGIN_BOTTOM;
	// Inner padding keeps the first and last markers off the axis line.
	const inset = 8;
	const x =
		periods.length === 1
			? () => (plotLeft + plotRight) / 2
			: scaleLinear([0, periods.length - 1], [plotLeft + inset, plotRight - inset]);
	const y = scaleLinear([ticks[0]!, ticks[ticks.length - 1]!], [plotBottom, plotTop]);

	let body = renderYAxis({ ticks, scale: y, left: plotLeft, right: plotRight, label: (_, i) => tickLabels[i]! });
	const baselineY = formatCoordinate(ticks[0]! < 0 && ticks[ticks.length - 1]! > 0 ? y(0) : plotBottom);
	body += `<line x1="${formatCoordinate(plotLeft)}" x2="${formatCoordinate(plotRight)}" y1="${baselineY}" y2="${baselineY}" stroke="${AXIS_COLOR}"/>`;

	// Label every nth period, counted back from the latest, which matters most.
	const widestPeriod = Math.max(...periods.map((period) => estimateTextWidth(period)));
	const room = periods.length > 1 ? (plotRight - plotLeft - 2 * inset) / (periods.length - 1) : plotRight - plotLeft;
	const stride = computeLabelStride(periods.length, room, widestPeriod);
	body += '<g>';
	for (const [index, period] of periods.entries()) {
		if ((periods.length - 1 - index) % stride !== 0) continue;
		const px = x(index);
		const overflowsLeft = px - estimateTextWidth(period) / 2 < 0;
		body += `<line x1="${formatCoordinate(px)}" x2="${formatCoordinate(px)}" y1="${formatCoordinate(plotBottom)}" y2="${formatCoordinate(plotBottom + 4)}" stroke="${AXIS_COLOR}"/>`;
		body += renderText(px, plotBottom + 8, period, { anchor: overflowsLeft ? 'start' : 'middle', baseline: 'hanging' });
	}
	body += '</g>';

	const markEveryPoint = periods.length <= MAX_MARKED_PERIODS;
	const ends: { seriesIndex: number; y: number; height: number }[] = [];
	for (const [seriesIndex, values] of grid.entries()) {
		const color = SERIES_COLORS[seriesIndex]!;
		const shape = MARKER_SHAPES[seriesIndex]!;
		const dash = DASH_PATTERNS[seriesIndex]!;
		const points = values.map((value, index) => (value === null ? null : { x: x(index), y: y(value) }));
		const lastIndex = values.findLastIndex((value) => value !== null);
		if (lastIndex < 0) continue;
		let markers = '';
		for (const [index, point] of points.entries()) {
			if (point === null) continue;
			const isolated = points[index - 1] == null && points[index + 1] == null;
			if (markEveryPoint || isolated || index === lastIndex) markers += buildMarkerPath(shape, point.x, point.y);
		}
		const dashAttribute = dash === '' ? '' : ` stroke-dasharray="${dash}"`;
		const line = buildLinePath(points);
		body += `<g>`;
		if (line.includes('L')) {
			body += `<path d="${line}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${dashAttribute}/>`;
		}
		body += `${renderMarkers(shape, color, markers)}</g>`;
		ends.push({ seriesIndex, y: y(values[lastIndex]!), height: wrapped[seriesIndex]!.length * END_LABEL_LINE_HEIGHT });
	}

	const placed = spreadLabels(ends, plotTop, plotBottom);
	body += '<g>';
	for (const [i, end] of ends.entries()) {
		const color = SERIES_COLORS[end.seriesIndex]!;
		const shape = MARKER_SHAPES[end.seriesIndex]!;
		const dash = DASH_PATTERNS[end.seriesIndex]!;
		const lines = wrapped[end.seriesIndex]!;
		const centerY = placed[i]!;
		const sampleLeft = plotRight + 4;
		const sampleRight = sampleLeft + END_SAMPLE_WIDTH - 6;
		body += `<line x1="${formatCoordinate(sampleLeft)}" x2="${formatCoordinate(sampleRight)}" y1="${formatCoordinate(centerY)}" y2="${formatCoordinate(centerY)}" stroke="${color}" stroke-width="2"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`;
		body += renderMarkers(shape, color, buildMarkerPath(shape, (sampleLeft + sampleRight) / 2, centerY));
		const firstLineY = centerY - ((lines.length - 1) * END_LABEL_LINE_HEIGHT) / 2;
		const textX = formatCoordinate(plotRight + END_SAMPLE_WIDTH);
		const tspans = lines
			.map(
				(line, lineIndex) =>
					`<tspan x="${textX}" y="${formatCoordinate(firstLineY + lineIndex * END_LABEL_LINE_HEIGHT)}" dy="0.35em">${escapeXml(line)}</tspan>`
			)
			.join('');
		body += `<text fill="${color}">${tspans}</text>`;
	}
	body += '</g>';

	return `${open}${body}</svg>`;
}
