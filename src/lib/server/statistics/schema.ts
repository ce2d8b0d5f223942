import { z } from 'zod';
import { paginationFields } from '../pagination';
import { formulaSchema } from './formulas';
import { HEADER_LINE_MAX } from './header-lines';
import { levels } from './territory-resolver';

/** Indicator codes: capitals, digits and underscores, as SDMX codes are written. */
export const ZIndicatorCode = z
	.string()
	.trim()
	.transform((value) => value.toUpperCase())
	.pipe(z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'error_indicator_code' }));

/** SDMX observation statuses: normal, estimated, provisional, missing, forecast. */
export const observationStatuses = ['A', 'E', 'P', 'M', 'F'] as const;
export const periodicities = ['annual', 'quarterly', 'monthly'] as const;
export const aggregationRules = ['sum', 'weighted_mean', 'none'] as const;

const text = (max: number) => z.string().trim().max(max, { message: 'error_field_too_long' });
const list = <T extends z.ZodType<string>>(item: T, max: number) =>
	z.preprocess((value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value), z.array(item).max(max, { message: 'error_field_too_large' }));

/** An indicator as the form and the API send it; names and definitions per language as `name.es`, `definition.pt`… */
export const ZIndicator = z.preprocess(
	(input) => {
		if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
		const record = { ...(input as Record<string, unknown>) };
		for (const field of ['name', 'definition'] as const) {
			if (typeof record[`${field}s`] === 'object') continue;
			record[`${field}s`] = Object.fromEntries(['es', 'pt', 'en'].map((locale) => [locale, record[`${field}.${locale}`] ?? '']));
		}
		// The form names the formula by kind and two indicator codes (A, B) and a factor.
		if (typeof record.formulaKind === 'string' && record.formula === undefined) {
			const a = String(record.formulaA ?? '').trim().toUpperCase();
			const b = String(record.formulaB ?? '').trim().toUpperCase();
			const factor = String(record.formulaFactor ?? '').trim();
			record.formula =
				record.formulaKind === 'ratio'
					? { kind: 'ratio', numerator: a, denominator: b, ...(factor ? { factor: Number(factor.replace(',', '.')) } : {}) }
					: record.formulaKind === 'per_thousand'
						? { kind: 'per_thousand', numerator: a, population: b }
						: record.formulaKind === 'difference'
							? { kind: 'difference', minuend: a, subtrahend: b }
							: record.formulaKind === 'growth_rate'
								? { kind: 'growth_rate', indicator: a }
								: undefined;
		}
		if (typeof record.formula === 'string') {
			try {
				record.formula = record.formula.trim() ? JSON.parse(record.formula) : undefined;
			} catch {
				record.formula = { kind: 'invalid' };
			}
		}
		return record;
	},
	z
		.object({
			code: ZIndicatorCode,
			names: z.object({
				es: text(300).min(2, { message: 'error_field_required' }),
				pt: text(300).default(''),
				en: text(300).default('')
			}),
			definitions: z.object({ es: text(5000).default(''), pt: text(5000).default(''), en: text(5000).default('') }),
			unit: text(60).min(1, { message: 'error_field_required' }),
			unitMultiplier: z.coerce.number({ message: 'error_field_invalid' }).int({ message: 'error_field_invalid' }).min(-9).max(12).default(0),
			decimals: z.coerce.number({ message: 'error_field_invalid' }).int({ message: 'error_field_invalid' }).min(0).max(6).default(0),
			theme: z.string().max(60).optional(),
			levels: list(z.enum(levels, { message: 'error_field_invalid' }), 3).refine((value) => value.length > 0, { message: 'error_levels_required' }),
			periodicity: z.enum(periodicities, { message: 'error_field_invalid' }).default('annual'),
			aggregation: z.enum(aggregationRules, { message: 'error_field_invalid' }).default('none'),
			source: text(500).min(2, { message: 'error_field_required' }),
			licence: text(200).default(''),
			formula: formulaSchema.optional()
		})
);
export type TIndicator = z.output<typeof ZIndicator>;

/**
 * The fields of the mapping step, one by one (the header step reuses some of them). `headerLine` is the file's line
 * (1-based) that names the columns; the lines above it are titles, left out.
 */
export const importMappingFields = {
	// Not a number is invalid (not "required", as Zod's NaN would read); out of range says its bounds.
	headerLine: z.coerce
		.number({ error: (issue) => (issue.code === 'invalid_type' ? 'error_field_invalid' : undefined) })
		.int()
		.min(1)
		.max(HEADER_LINE_MAX)
		.default(1),
	layout: z.enum(['long', 'wide', 'sdmx'], { message: 'error_field_invalid' }),
	territoryColumn: z.string().min(1, { message: 'error_column_required' }),
	periodColumn: z.string().optional(),
	valueColumn: z.string().optional(),
	indicatorColumn: z.string().optional(),
	indicator: ZIndicatorCode.optional(),
	statusColumn: z.string().optional(),
	noteColumn: z.string().optional(),
	level: z.enum([...levels, 'auto'], { message: 'error_field_invalid' }),
	country: z
		.string()
		.regex(/^[A-Za-z]{2}$/, { message: 'error_country_code' })
		.transform((value) => value.toUpperCase())
		.optional(),
	decimal: z.enum([',', '.'], { message: 'error_field_invalid' }),
	thousands: z.enum(['.', ',', 'space', 'none'], { message: 'error_field_invalid' }).default('none'),
	status: z.enum(['A', 'E', 'P', 'F'], { message: 'error_field_invalid' }).default('A')
};

/** How the columns of an uploaded file are read. */
export const ZImportMapping = z
	.object(importMappingFields)
	.superRefine((value, ctx) => {
		if (value.layout === 'long' && !value.periodColumn) ctx.addIssue({ code: 'custom', path: ['periodColumn'], message: 'error_column_required' });
		if (value.layout === 'long' && !value.valueColumn) ctx.addIssue({ code: 'custom', path: ['valueColumn'], message: 'error_column_required' });
		if (!value.indicator && !value.indicatorColumn) ctx.addIssue({ code: 'custom', path: ['indicator'], message: 'error_indicator_required' });
	});
export type TImportMapping = z.output<typeof ZImportMapping>;

/** What the uploader says of the file's origin. */
export const ZDatasetMeta = z.object({
	title: text(300).min(3, { message: 'error_field_required' }),
	publisher: text(300).min(2, { message: 'error_field_required' }),
	licence: text(200).default(''),
	retrievedOn: z.iso.date({ message: 'error_date_invalid' }).optional(),
	sourceUrl: z.url({ protocol: /^https?$/, message: 'error_url_invalid' }).max(2000).optional()
});
export type TDatasetMeta = z.output<typeof ZDatasetMeta>;

/** A country's ISO 3166-1 alpha-2 code as a filter (either case). */
const ZCountryFilter = z
	.string()
	.regex(/^[A-Za-z]{2}$/, { message: 'error_country_code' })
	.transform((value) => value.toUpperCase())
	.optional();

/** Values of an indicator at a level and period, ranked, paginated; `territory` asks for its position. */
export const ZIndicatorTableQuery = z.object({
	level: z.enum(levels, { message: 'error_field_invalid' }).optional(),
	period: z.string().max(7).optional(),
	country: ZCountryFilter,
	territory: z.string().max(40).optional(),
	sort: z.enum(['desc', 'asc', 'name'], { message: 'error_field_invalid' }).default('desc'),
	...paginationFields(50)
});

/** Observations through the API: an indicator's values filtered by territory, level, period and country. */
export const ZObservationQuery = z.object({
	territory: z.string().max(40).optional(),
	level: z.enum(levels, { message: 'error_field_invalid' }).optional(),
	period: z.string().max(10).optional(),
	country: ZCountryFilter,
	...paginationFields(100)
});

/** A municipal official's value for their municipality. */
export const ZReportedValue = z.object({
	indicator: ZIndicatorCode,
	period: z.string().trim().max(10),
	value: z.string().trim().min(1, { message: 'error_field_required' }).max(40),
	note: text(1000).optional()
});

/** An indicator's download: all of its values, or those of one level, period, country and/or territory. */
export const ZIndicatorExportQuery = z.object({
	level: z.enum(levels, { message: 'error_field_invalid' }).optional(),
	period: z.string().max(10, { message: 'error_field_invalid' }).optional(),
	country: ZCountryFilter,
	territory: z.string().max(40, { message: 'error_field_invalid' }).optional()
});
