import { buildLinePath, formatCoordinate, openSvg, scaleLinear } from './svg';

/** Input of `renderSparkline`. */
export interface SparklineOptions {
	id: string;
	/** The accessible name, e.g. "Population 2015–2024, latest 12 345": the sparkline has no desc of its own. */
	title: string;
	/** In order; `null` is a gap and breaks the line. */
	values: readonly (number | null)[];
	/** Intrinsic size in CSS pixels; default 100 × 24. */
	width?: number;
	height?: number;
}

/** Line colour: 8.3:1 on white, far above the 3:1 that a thin line needs to be seen. */
export const SPARKLINE_COLOR = '#1f4e79';

/**
 * Word-sized line of a series with its last point marked, for tables and cards. Unlike the other charts it has a
 * fixed intrinsic size (CSS may still resize it through the viewBox): at 100% width it would grow with its cell.
 */
export function renderSparkline(options: SparklineOptions): string {
	const width = options.width !== undefined && options.width > 0 && Number.isFinite(options.width) ? options.width : 100;
	const height =
		options.height !== undefined && options.height > 0 && Number.isFinite(options.height) ? options.height : 24;
	const open = openSvg({ id: options.id, width, height, title: options.title, fixedSize: true });
	const values = options.values.map((value) => (value !== null && Number.isFinite(value) ? value : null));
	const present = values.filter((value): value is number => value !== null);
	if (present.length === 0) return `${open}</svg>`;

	// Room for the end dot and the stroke so that neither is clipped at the edges.
	const pad = 3;
	const min = Math.min(...present);
	const max = Math.max(...present);
	const x =
		values.length === 1 ? () => width / 2 : scaleLinear([0, values.length - 1], [pad, width - pad]);
	const y = scaleLinear([min, max], [height - pad, pad]);
	const points = values.map((value, index) => (value === null ? null : { x: x(index), y: y(value) }));
	const line = buildLinePath(points);
	const lastIndex = values.findLastIndex((value) => value !== null);
	const last = points[lastIndex];

	let body = '';
	if (line.includes('L')) {
		body += `<path d="${line}" fill="none" stroke="${SPARKLINE_COLOR}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`;
	}
	// Isolated points would vanish between gaps: draw them as small dots.
	for (const [index, point] of points.entries()) {
		if (point === null || index === lastIndex) continue;
		if (points[index - 1] == null && points[index + 1] == null) {
			body += `<circle cx="${formatCoordinate(point.x)}" cy="${formatCoordinate(point.y)}" r="1" fill="${SPARKLINE_COLOR}"/>`;
		}
	}
	if (last) {
		body += `<circle cx="${formatCoordinate(last.x)}" cy="${formatCoordinate(last.y)}" r="2.5" fill="${SPARKLINE_COLOR}"/>`;
	}
	return `${open}${body}</svg>`;
}
