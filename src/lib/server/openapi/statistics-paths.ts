import { z } from 'zod';
import { ZIndicatorCode, ZObservationQuery, observationStatuses, periodicities } from '../statistics/schema';
import { levels } from '../statistics';
import { errorResponse, langParam } from './shared';

const ZLevel = z.enum(levels);
const code = z.object({ code: ZIndicatorCode.meta({ example: 'POPULATION', description: 'Indicator code (capitals, digits, underscores)' }) });
const texts = z.object({ es: z.string(), pt: z.string(), en: z.string() });

const ZIndicatorSummary = z
	.object({
		code: z.string(),
		name: z.string().meta({ description: "In the request's language (Spanish when not translated)" }),
		definition: z.string(),
		names: texts,
		definitions: texts,
		unit: z.string().meta({ description: 'As stored, the same in every download: a common unit by its code (persons, municipalities, households, percent, km2, hectares, years, usd, per_1000_inhabitants, persons_per_km2), any other as its editor typed it' }),
		unitName: z.string().meta({ description: "The unit in the request's language" }),
		unitMultiplier: z.number().int().meta({ description: 'Power of ten of the values (SDMX UNIT_MULT): 3 = thousands' }),
		decimals: z.number().int(),
		theme: z.string().nullable(),
		levels: z.array(ZLevel),
		periodicity: z.enum(periodicities),
		aggregation: z.string().meta({ description: 'How municipal values roll up: sum, weighted_mean or none' }),
		source: z.string(),
		sourceName: z.string().meta({ description: "The source in the request's language (built-in indicators; others as typed)" }),
		licence: z.string(),
		licenceName: z.string().meta({ description: "The licence in the request's language (built-in indicators; others as typed)" }),
		formula: z.record(z.string(), z.unknown()).nullable().meta({ description: 'Set for an indicator derived from others' }),
		builtIn: z.boolean(),
		updatedAt: z.string()
	})
	.meta({ id: 'Indicator' });

const ZObservation = z
	.object({
		level: ZLevel,
		territory: z.string().meta({ example: 'CL-13101', description: 'Gazetteer identifier: CL, CL-13, CL-13101' }),
		territoryName: z.string(),
		period: z.string().meta({ example: '2020-Q3', description: '2020, 2020-Q3 or 2020-07' }),
		value: z.number().nullable().meta({ description: 'Null when missing (status M)' }),
		status: z.enum(observationStatuses).meta({ description: 'SDMX OBS_STATUS: A normal, E estimated, P provisional, M missing, F forecast' }),
		basis: z.enum(['stored', 'rolled_up', 'derived']).meta({ description: 'Stored as imported or reported; rolled up from municipal values by the aggregation rule; or derived by the formula' }),
		coverage: z
			.object({ reported: z.number().int(), expected: z.number().int() })
			.nullable()
			.meta({ description: "A rolled-up value's coverage: how many of the territory's municipalities reported (null otherwise)" }),
		missing: z
			.enum(['missing_input', 'division_by_zero', 'not_finite', 'no_rule', 'no_values', 'no_weights'])
			.nullable()
			.meta({ description: 'Why a rolled-up or derived value is empty (null when there is a value, or for a stored one)' }),
		note: z.string().nullable()
	})
	.meta({ id: 'Observation' });

/** The statistics' paths of the OpenAPI document. */
export function statisticsPaths() {
	return {
		'/indicators': {
			get: {
				summary: 'Statistical indicators, searchable by code, name and definition (accents aside), by theme and territorial level',
				requestParams: {
					query: z
						.object({
							q: z.string().max(200).optional().meta({ description: 'Words that must all appear' }),
							theme: z.string().max(60).optional().meta({ description: 'Theme code of the shared taxonomy' }),
							level: ZLevel.optional()
						})
						.extend(langParam.shape)
				},
				responses: {
					'200': { description: 'Every matching indicator', content: { 'application/json': { schema: z.object({ items: z.array(ZIndicatorSummary) }) } } },
					'400': errorResponse('Invalid parameter (the field is named in details.fields)')
				}
			}
		},
		'/indicators/{code}': {
			get: {
				summary: 'One indicator with the periods it has values for at each of its levels, newest first',
				requestParams: { path: code, query: langParam },
				responses: {
					'200': {
						description: 'The indicator',
						content: { 'application/json': { schema: ZIndicatorSummary.extend({ periods: z.record(ZLevel, z.array(z.string())) }) } }
					},
					'404': errorResponse('Unknown indicator')
				}
			}
		},
		'/indicators/{code}/observations': {
			get: {
				summary: "A page of an indicator's observations, stored, rolled up and derived alike (each marked by its basis), by level, period, country and territory, ordered by level (country, unit, municipality), period and territory (bulk downloads, same filters: CSV, SDMX-CSV and JSON under /estadisticas/indicadores/{code}/, listed in /catalog.jsonld)",
				requestParams: { path: code, query: ZObservationQuery.extend(langParam.shape) },
				responses: {
					'200': {
						description: 'A page of observations with the total, and the unit and source of the values',
						content: {
							'application/json': {
								schema: z.object({
									indicator: z.object({ code: z.string(), unit: z.string(), unitMultiplier: z.number().int(), decimals: z.number().int(), source: z.string(), licence: z.string() }),
									items: z.array(ZObservation),
									total: z.number().int(),
									page: z.number().int(),
									pageSize: z.number().int()
								})
							}
						}
					},
					'400': errorResponse('Invalid parameter, or a level the indicator does not have (the field is named in details.fields)'),
					'404': errorResponse('Unknown indicator')
				}
			}
		}
	};
}
