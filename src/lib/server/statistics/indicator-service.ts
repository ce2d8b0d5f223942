import { z } from 'zod';
import { nameLicence, nameSource, nameUnit, normalizeUnit } from './unit-names';
import { recordAudit } from '../audit';
import type { Locale, ServiceContext } from '../context';
import { getDb, type Executor } from '../db';
import { inTransaction } from '../db/transaction';
import type { indicator } from '../db/schema/statistics';
import { AppError } from '../errors/app-error';
import { parseInput } from '../errors/zod';
import { sizeBandOf } from '../territories';
import { pageWindow } from '../pagination';
import { hasRole, requireRole } from '../policy';
import { getGazetteer } from '../territories';
import type { GazetteerIndex } from '../territories';
import { countryName } from '../territories';
import { translate } from '../i18n';
import { renderSparkline } from './charts/sparkline';
import { describeFormula, detectFormulaCycle, formulaInputs, type Formula } from './formulas';
import * as queries from './queries';
import { rankByValue } from './ranking';
import { refreshAllRollups, refreshRollups } from './rollups';
import { ZIndicator, ZIndicatorCode, ZIndicatorTableQuery } from './schema';
import { levels, type Level } from './territory-resolver';
import { publishedValue } from './observations';
import { formulaOf, latestValuesOf, periodsOf, seriesOf, valuesAt, type Cell, type ValueSource } from './values';
import { findActiveTerms } from '../taxonomy';

type IndicatorRow = typeof indicator.$inferSelect;

/** The codes of the indicators built from the gazetteer. */
export const builtInCodes = ['POPULATION', 'MUNICIPALITIES', 'INHABITANTS_PER_MUNICIPALITY'] as const;

async function valueSource(db: Executor): Promise<ValueSource> {
	const rows = await queries.selectIndicators(db);
	return { db, indicators: new Map(rows.map((row) => [row.code, row])), gazetteer: await getGazetteer(db) };
}

const localized = (texts: Record<string, string>, locale: Locale) => texts[locale] || texts.es || Object.values(texts).find(Boolean) || '';

/** An indicator as pages and the API show it, in the reader's language. */
function toIndicatorDto(row: IndicatorRow, locale: Locale) {
	const formula = formulaOf(row);
	return {
		code: row.code,
		name: localized(row.names, locale),
		definition: localized(row.definitions, locale),
		names: row.names,
		definitions: row.definitions,
		unit: row.unit,
		unitName: nameUnit(row.unit, locale),
		unitMultiplier: row.unitMultiplier,
		decimals: row.decimals,
		theme: row.theme,
		levels: row.levels as Level[],
		periodicity: row.periodicity,
		aggregation: row.aggregation,
		source: row.source,
		sourceName: nameSource(row, locale),
		licence: row.licence,
		licenceName: nameLicence(row, locale),
		formula,
		formulaText: formula ? describeFormula(formula) : null,
		builtIn: row.builtIn,
		updatedAt: row.updatedAt.toISOString()
	};
}
export type IndicatorDto = ReturnType<typeof toIndicatorDto>;

async function loadIndicator(source: ValueSource, code: unknown): Promise<IndicatorRow> {
	const parsed = ZIndicatorCode.safeParse(code);
	const row = parsed.success ? source.indicators.get(parsed.data) : undefined;
	if (!row) throw new AppError('NOT_FOUND');
	return row;
}

const ZListQuery = z.object({
	q: z.string().trim().max(200, { message: 'error_field_too_long' }).optional(),
	theme: z.string().max(60).optional(),
	level: z.enum(levels, { message: 'error_field_invalid' }).optional()
});

/** The indicators, searchable by code, name and definition (accents and capitals aside), by theme and level. */
export async function listIndicators(ctx: { locale: Locale; tx?: Executor }, input: unknown = {}) {
	const query = parseInput(ZListQuery, input);
	const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
	const words = query.q ? fold(query.q).split(/\s+/).filter(Boolean) : [];
	const rows = await queries.selectIndicators(ctx.tx ?? getDb());
	return rows
		.filter((row) => !query.theme || row.theme === query.theme)
		.filter((row) => !query.level || row.levels.includes(query.level))
		.filter((row) => {
			if (!words.length) return true;
			const haystack = fold([row.code, ...Object.values(row.names), ...Object.values(row.definitions)].join(' '));
			return words.every((word) => haystack.includes(word));
		})
		.map((row) => toIndicatorDto(row, ctx.locale));
}

/** One indicator with the periods it has values for at each of its levels. */
export async function getIndicator(ctx: { locale: Locale; tx?: Executor }, code: unknown) {
	const source = await valueSource(ctx.tx ?? getDb());
	const row = await loadIndicator(source, code);
	const periods = Object.fromEntries(await Promise.all((row.levels as Level[]).map(async (level) => [level, await periodsOf(source, row, level)] as const)));
	return { ...toIndicatorDto(row, ctx.locale), periods: periods as Record<Level, string[]> };
}

/** A territory's name and where it lies, in the reader's language. */
export function describeTerritory(gazetteer: GazetteerIndex, level: Level, id: string, locale: Locale): { name: string; context: string; countryCode: string; population: number | null } {
	if (level === 'country') return { name: countryName(id, locale), context: '', countryCode: id, population: gazetteer.countrySummaries().find((item) => item.code === id)?.population ?? null };
	if (level === 'admin1') {
		const [countryCode, code] = [id.slice(0, 2), id.slice(3)];
		const unit = gazetteer.admin1Summaries(countryCode).find((item) => item.code === code);
		return { name: unit?.name ?? id, context: countryName(countryCode, locale), countryCode, population: unit?.population ?? null };
	}
	const record = gazetteer.get(id);
	return record
		? { name: record.name, context: `${record.admin1Name}, ${countryName(record.countryCode, locale)}`, countryCode: record.countryCode, population: record.population }
		: { name: id, context: '', countryCode: id.slice(0, 2), population: null };
}

const collators = new Map<Locale, Intl.Collator>();
const collatorFor = (locale: Locale) => {
	let collator = collators.get(locale);
	if (!collator) collators.set(locale, (collator = new Intl.Collator(locale)));
	return collator;
};

const median = (values: number[]) => {
	if (!values.length) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * An indicator's values at a level for a period (the latest by default): a ranked, sortable, paginated table, the
 * position of a chosen territory and, for a municipality, its peers (same country and size band, same unit).
 */
export async function getIndicatorTable(ctx: { locale: Locale; tx?: Executor }, code: unknown, input: unknown) {
	const query = parseInput(ZIndicatorTableQuery, input);
	const source = await valueSource(ctx.tx ?? getDb());
	const row = await loadIndicator(source, code);
	const rowLevels = row.levels as Level[];
	const level: Level = query.level && rowLevels.includes(query.level) ? query.level : rowLevels.includes('municipality') ? 'municipality' : rowLevels[0];
	if (query.level && !rowLevels.includes(query.level)) throw new AppError('VALIDATION', { fields: [{ field: 'level', messageKey: 'error_level_not_available' }] });
	// Without a chosen period each territory shows its latest value (censuses fall in different years).
	const period = query.period ?? null;
	// The periods (to check the chosen one) and the values are read side by side; a wrong period is refused after.
	const [periods, cells]: [string[], Map<string, Cell & { period?: string }>] = await Promise.all([
		periodsOf(source, row, level),
		period ? valuesAt(source, row, level, period) : latestValuesOf(source, row, level)
	]);
	if (period && !periods.includes(period)) throw new AppError('VALIDATION', { fields: [{ field: 'period', messageKey: 'error_period_not_available' }] });
	const countryOf = (id: string) => id.slice(0, 2);
	const all: { id: string; value: number | null; cell: Cell & { period?: string }; rank: number | null }[] = [];
	cells.forEach((cell, id) => all.push({ id, value: cell.value, cell, rank: null }));
	const filtered = query.country ? all.filter((item) => countryOf(item.id) === query.country) : all;
	// Territories are named only where a name is shown or decides an order: the page's rows, ties, the name sort.
	const names = new Map<string, ReturnType<typeof describeTerritory>>();
	const describe = (id: string) => {
		let described = names.get(id);
		if (!described) names.set(id, (described = describeTerritory(source.gazetteer, level, id, ctx.locale)));
		return described;
	};
	// One collator for every comparison: localeCompare with a locale builds one per call (seconds for 15,000 rows).
	const collator = collatorFor(ctx.locale);
	const byName = (a: { id: string }, b: { id: string }) => collator.compare(describe(a.id).name, describe(b.id).name);
	const ranking = rankByValue(filtered, byName);
	const ordered = query.sort === 'asc' ? ranking.ascending() : query.sort === 'name' ? [...ranking.descending].sort(byName) : ranking.descending;
	const { limit, offset } = pageWindow(query);
	const toRow = (item: (typeof all)[number]) => ({
		id: item.id,
		name: describe(item.id).name,
		context: describe(item.id).context,
		// Value and status as the API and the files publish them (observations.ts): a non-finite value is missing.
		...publishedValue(item.value, item.cell.status),
		basis: item.cell.basis,
		missing: item.cell.missing,
		coverage: item.cell.coverage,
		period: item.cell.period ?? period ?? '',
		rank: item.rank
	});
	const chosen = query.territory ? all.find((item) => item.id === query.territory) : undefined;
	let peers = null;
	if (chosen && level === 'municipality') {
		const record = source.gazetteer.get(chosen.id);
		const band = sizeBandOf([record?.population ?? null]);
		const sameCountry = all.filter((item) => countryOf(item.id) === countryOf(chosen.id));
		const sameBand = sameCountry.filter((item) => band !== 'unknown' && sizeBandOf([source.gazetteer.get(item.id)?.population ?? null]) === band);
		const sameUnit = sameCountry.filter((item) => source.gazetteer.get(item.id)?.admin1Code === record?.admin1Code);
		const group = (items: typeof all) => {
			const values = items.map((item) => item.value).filter((value): value is number => value !== null);
			const above = chosen.value === null ? null : values.filter((value) => value > chosen.value!).length + 1;
			return { count: items.length, reported: values.length, median: median(values), rank: above };
		};
		peers = { band, country: group(sameBand), unit: { ...group(sameUnit), name: record?.admin1Name ?? '' } };
	}
	const ranked = filtered.reduce((count, item) => (item.rank === null ? count : count + 1), 0);
	return {
		indicator: toIndicatorDto(row, ctx.locale),
		level,
		period,
		hasValues: periods.length > 0,
		periods,
		sort: query.sort,
		country: query.country ?? null,
		items: ordered.slice(offset, offset + limit).map(toRow),
		total: ordered.length,
		ranked,
		page: query.page,
		pageSize: query.pageSize,
		chosen: chosen ? toRow(chosen) : null,
		peers,
		values: filtered.map((item) => item.value).filter((value): value is number => value !== null && Number.isFinite(value)),
		countryValues: level === 'country' ? Object.fromEntries(filtered.filter((item) => item.value !== null).map((item) => [item.id, item.value as number])) : null
	};
}

const ZSeriesQuery = z.object({
	level: z.enum(levels, { message: 'error_field_invalid' }).optional(),
	territories: z
		.preprocess((value) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value), z.array(z.string().max(40)).max(5, { message: 'error_series_too_many' }))
		.default([])
});

/** An indicator's time series for up to five territories of one level. */
export async function getIndicatorSeries(ctx: { locale: Locale; tx?: Executor }, code: unknown, input: unknown) {
	const query = parseInput(ZSeriesQuery, input);
	const source = await valueSource(ctx.tx ?? getDb());
	const row = await loadIndicator(source, code);
	const level = query.level ?? (row.levels.includes('municipality') ? 'municipality' : (row.levels[0] as Level));
	const ids = [...new Set(query.territories.map((id) => (level === 'country' ? id.toUpperCase() : id)))];
	const series = await seriesOf(source, row, level, ids);
	const periods = [...new Set([...series.values()].flatMap((points) => [...points.keys()]))].sort();
	return {
		level,
		periods,
		series: ids.map((id) => ({
			id,
			...describeTerritory(source.gazetteer, level, id, ctx.locale),
			points: periods.map((period) => {
				const cell = series.get(id)?.get(period);
				return { period, value: cell?.value ?? null, status: cell?.status ?? null, missing: cell?.missing ?? null };
			})
		}))
	};
}

/** A territory's indicators: the latest value of each with its recent history (for sparklines). */
export async function getTerritoryStatistics(ctx: { locale: Locale; tx?: Executor }, level: Level, territoryId: string) {
	const source = await valueSource(ctx.tx ?? getDb());
	const result = [];
	for (const row of source.indicators.values()) {
		if (!row.levels.includes(level)) continue;
		const points = [...((await seriesOf(source, row, level, [territoryId])).get(territoryId) ?? new Map<string, Cell>())].sort(([a], [b]) => (a < b ? -1 : 1));
		const known = points.filter(([, cell]) => cell.value !== null);
		if (!known.length) continue;
		const [period, latest] = known[known.length - 1];
		const history = points.slice(-10).map(([p, cell]) => ({ period: p, value: cell.value }));
		const sparkline =
			history.length > 1
				? renderSparkline({
						id: `spark-${row.code}`,
						title: translate('stats_sparkline_title', ctx.locale, { indicator: localized(row.names, ctx.locale), from: history[0].period, to: history[history.length - 1].period }),
						values: history.map((point) => point.value)
					})
				: null;
		result.push({ indicator: toIndicatorDto(row, ctx.locale), period, value: latest.value, status: latest.status, coverage: latest.coverage, history, sparkline });
	}
	return result;
}

/** A statistics editor defines or changes an indicator; built-in ones are computed and cannot be changed. */
export async function saveIndicator(ctx: ServiceContext, input: unknown, options: { creating: boolean }): Promise<{ code: string }> {
	const actor = requireRole(ctx.actor, 'statistics_editor');
	const value = parseInput(ZIndicator, input);
	const db = ctx.tx ?? getDb();
	const existing = await queries.selectIndicator(db, value.code);
	if (options.creating && existing) throw new AppError('CONFLICT', { fields: [{ field: 'code', messageKey: 'error_indicator_exists' }] });
	if (!options.creating && !existing) throw new AppError('NOT_FOUND');
	if (existing?.builtIn) throw new AppError('FORBIDDEN');
	if (value.theme && !(await findActiveTerms(db, 'theme', [value.theme])).size) throw new AppError('VALIDATION', { fields: [{ field: 'theme', messageKey: 'error_field_invalid' }] });
	if (value.formula) await checkFormula(db, value.code, value.formula);
	await inTransaction(ctx.tx, async (tx) => {
		await saveDefinition(tx, value);
		// A changed rule (or a formula given) changes every roll-up: recomputed in the same commit.
		await refreshRollups(tx, value.code);
		await recordAudit(tx, { actorId: actor.id, action: options.creating ? 'statistics.indicator_created' : 'statistics.indicator_updated', subjectType: 'indicator', subjectId: value.code, requestId: ctx.requestId });
	});
	return { code: value.code };
}

async function saveDefinition(db: Executor, value: z.infer<typeof ZIndicator>): Promise<void> {
	await queries.upsertIndicator(db, {
		code: value.code,
		names: value.names,
		definitions: value.definitions,
		unit: normalizeUnit(value.unit),
		unitMultiplier: value.unitMultiplier,
		decimals: value.decimals,
		theme: value.theme ?? null,
		levels: value.levels,
		periodicity: value.periodicity,
		aggregation: value.formula ? 'none' : value.aggregation,
		source: value.source,
		licence: value.licence,
		formula: value.formula ?? null
	});
}

async function checkFormula(db: Executor, code: string, formula: Formula): Promise<void> {
	const rows = await queries.selectIndicators(db);
	const known = new Set(rows.map((row) => row.code));
	if (formulaInputs(formula).some((input) => input !== code && !known.has(input))) throw new AppError('VALIDATION', { fields: [{ field: 'formula', messageKey: 'error_formula_unknown_input' }] });
	const definitions = new Map<string, Formula>();
	for (const row of rows) {
		const own = formulaOf(row);
		if (own) definitions.set(row.code, own);
	}
	definitions.set(code, formula);
	if (detectFormulaCycle(definitions)) throw new AppError('VALIDATION', { fields: [{ field: 'formula', messageKey: 'error_formula_cycle' }] });
}

/** Whether the actor may edit indicators and import (for pages to show the links). */
export const canEditStatistics = (ctx: { actor: ServiceContext['actor'] }) => hasRole(ctx.actor, 'statistics_editor');

/**
 * Creates the built-in indicators and recomputes their values from the gazetteer: population by municipality (rolled
 * up to units and countries with coverage), municipalities per unit, and inhabitants per municipality.
 */
export async function refreshBuiltInIndicators(db: Executor): Promise<{ populationValues: number }> {
	const common = { builtIn: true, theme: null, definitions: {}, licence: 'As each source of the gazetteer says (see /acerca-de-los-datos)', source: 'Cabildo gazetteer (national statistics offices)' };
	await queries.upsertIndicator(db, {
		...common,
		code: 'POPULATION',
		names: { es: 'Población', pt: 'População', en: 'Population' },
		definitions: { es: 'Habitantes según el censo o la estimación oficial más reciente del nomenclátor.', pt: 'Habitantes segundo o censo ou a estimativa oficial mais recente do cadastro.', en: 'Inhabitants by the most recent census or official estimate in the gazetteer.' },
		unit: 'persons',
		levels: ['country', 'admin1', 'municipality'],
		aggregation: 'sum',
		formula: null
	});
	await queries.upsertIndicator(db, {
		...common,
		code: 'MUNICIPALITIES',
		names: { es: 'Número de municipios', pt: 'Número de municípios', en: 'Number of municipalities' },
		definitions: { es: 'Gobiernos locales de segundo nivel registrados en el nomenclátor.', pt: 'Governos locais de segundo nível registrados no cadastro.', en: 'Second-level local governments in the gazetteer.' },
		unit: 'municipalities',
		levels: ['country', 'admin1'],
		aggregation: 'none',
		formula: null
	});
	await queries.upsertIndicator(db, {
		...common,
		code: 'INHABITANTS_PER_MUNICIPALITY',
		names: { es: 'Habitantes por municipio', pt: 'Habitantes por município', en: 'Inhabitants per municipality' },
		definitions: { es: 'Población dividida por el número de municipios.', pt: 'População dividida pelo número de municípios.', en: 'Population divided by the number of municipalities.' },
		unit: 'persons',
		levels: ['country', 'admin1'],
		aggregation: 'none',
		formula: { kind: 'ratio', numerator: 'POPULATION', denominator: 'MUNICIPALITIES' }
	});
	const populationValues = await queries.replaceBuiltInObservations(db);
	// Called after every load of the gazetteer (first start, data:load): its municipalities, their number and their
	// population are what every indicator's roll-ups rest on, so all of them are recomputed with the built-in values.
	await refreshAllRollups(db);
	return { populationValues };
}

/** The indicator form: its current values as the form holds them (for editing), and the themes and indicators to choose. */
export async function getIndicatorForm(ctx: ServiceContext, code?: unknown) {
	requireRole(ctx.actor, 'statistics_editor');
	const db = ctx.tx ?? getDb();
	const rows = await queries.selectIndicators(db);
	let values: Record<string, string> = { levels: 'municipality', periodicity: 'annual', aggregation: 'sum', decimals: '0', unitMultiplier: '0' };
	if (code !== undefined) {
		const parsed = ZIndicatorCode.safeParse(code);
		const row = parsed.success ? rows.find((item) => item.code === parsed.data) : undefined;
		if (!row) throw new AppError('NOT_FOUND');
		if (row.builtIn) throw new AppError('FORBIDDEN');
		const formula = formulaOf(row);
		values = {
			code: row.code,
			...Object.fromEntries(Object.entries(row.names).map(([locale, text]) => [`name.${locale}`, text])),
			...Object.fromEntries(Object.entries(row.definitions).map(([locale, text]) => [`definition.${locale}`, text])),
			unit: nameUnit(row.unit, ctx.locale),
			unitMultiplier: String(row.unitMultiplier),
			decimals: String(row.decimals),
			theme: row.theme ?? '',
			levels: row.levels.join(' '),
			periodicity: row.periodicity,
			aggregation: row.aggregation,
			source: row.source,
			licence: row.licence,
			formulaKind: formula?.kind ?? '',
			formulaA: formula ? (formulaInputs(formula)[0] ?? '') : '',
			formulaB: formula ? (formulaInputs(formula)[1] ?? '') : '',
			formulaFactor: formula?.kind === 'ratio' && formula.factor !== undefined ? String(formula.factor) : ''
		};
	}
	return { values, indicators: rows.map((row) => ({ code: row.code, name: localized(row.names, ctx.locale) })) };
}

/** On start: the built-in indicators are computed once (later gazetteer loads recompute them through data:load). */
export async function ensureBuiltInIndicators(db: Executor): Promise<boolean> {
	if (await queries.selectIndicator(db, 'POPULATION')) return false;
	await db.transaction(async (tx) => {
		await refreshBuiltInIndicators(tx);
	});
	return true;
}
