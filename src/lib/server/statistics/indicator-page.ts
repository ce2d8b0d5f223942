// The indicator page in one read: the ranked table and the charts drawn on the server (SVG, readable without
// JavaScript), each with the numbers behind it for its data-table alternative.
import type { Locale } from '../context';
import type { Executor } from '../db';
import { formatDecimal } from '../../format';
import { translate } from '../i18n';
import { countryName } from '../territories';
import { countBins, renderDistributionChart } from './charts/distribution-chart';
import { renderLatinAmericaMap } from './charts/latin-america-map';
import { renderLineChart } from './charts/line-chart';
import { niceTicks } from './charts/svg';
import { getIndicatorSeries, getIndicatorTable } from './indicator-service';

/** The indicator page: table, position and peers, distribution, map (country level) and time series. */
export async function getIndicatorPage(ctx: { locale: Locale; tx?: Executor }, code: unknown, input: Record<string, string | undefined>) {
	const table = await getIndicatorTable(ctx, code, input);
	const { indicator, level } = table;
	const format = (n: number) => formatDecimal(n, ctx.locale, indicator.decimals);
	const chosenIds = (input.territories ?? '').split(/[\s,]+/).filter(Boolean).slice(0, 5);
	const defaults = table.chosen ? [table.chosen.id] : table.items.filter((item) => item.value !== null).slice(0, 3).map((item) => item.id);
	const series = await getIndicatorSeries(ctx, indicator.code, { level, territories: chosenIds.length ? chosenIds : defaults });
	const t = (key: string, params: Record<string, unknown> = {}) => translate(key, ctx.locale, params);
	const periodLabel = table.period ?? t('stats_latest_available');

	let distribution = null;
	if (table.values.length > 1) {
		const ticks = niceTicks(Math.min(...table.values), Math.max(...table.values), 10);
		const counts = countBins(table.values, ticks);
		distribution = {
			svg: renderDistributionChart({
				id: 'distribution',
				title: t('stats_distribution_title', { indicator: indicator.name, period: periodLabel }),
				description: t('stats_distribution_description', { count: table.values.length }),
				values: table.values,
				highlight: table.chosen?.value != null ? { value: table.chosen.value, label: table.chosen.name } : undefined,
				formatNumber: format,
				countLabel: (n) => formatDecimal(n, ctx.locale, 0)
			}),
			bins: counts.map((count, index) => ({ from: ticks[index], to: ticks[index + 1], count }))
		};
	}
	const map =
		level === 'country' && table.countryValues
			? renderLatinAmericaMap({
					id: 'map',
					title: t('stats_map_title', { indicator: indicator.name, period: periodLabel }),
					description: t('stats_map_description'),
					values: new Map(Object.entries(table.countryValues)),
					formatNumber: format,
					countryName: (code) => countryName(code, ctx.locale),
					noDataLabel: t('stats_no_data'),
					legendTitle: indicator.unitName
				})
			: null;
	const line =
		series.series.length && series.periods.length > 1
			? renderLineChart({
					id: 'series',
					title: t('stats_series_title', { indicator: indicator.name }),
					description: t('stats_series_description', { territories: series.series.map((item) => item.name).join(', ') }),
					series: series.series.map((item) => ({ label: item.name, points: item.points.map((point) => ({ period: point.period, value: point.value })) })),
					formatNumber: format
				})
			: null;
	// The charts are drawn here; the page needs none of the raw values (thousands of numbers to serialise).
	return { ...table, values: [], countryValues: null, periodLabel, distribution, map, series: { ...series, svg: line }, territories: chosenIds.join(' ') };
}
