import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, uniqueToken } from '../../../../tests/factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../../../../tests/helpers/statistics';
import { getConfig } from '../config';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { uploadDataset } from './import-service';
import { getDataCatalogue } from './dcat-catalogue';
import { exportDataset, exportIndicator, getDatasetOriginal, listObservations, SDMX_CSV_MEDIA_TYPE } from './open-data';
import { readSdmxCsv } from './sdmx-csv';
import { GET as getObservations } from '../../../routes/api/v1/indicators/[code]/observations/+server';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const origin = getConfig().origin.replace(/\/+$/, '');
let editor: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
});

const indicator = (options: { aggregation?: string; decimals?: number; theme?: string; periodicity?: string } = {}) =>
	createTestIndicator(editor, { 'name.es': 'Pobreza', 'name.en': 'Poverty', decimals: 1, ...options });
const places = (count: number) => createUnitMunicipalities(count);
/** Imports a long CSV (territorio, periodo, valor, estado, nota) for one indicator. */
const importLong = (code: string, body: string, title?: string) => importLongCsv(editor, code, body, { columns: 'territorio,periodo,valor,estado,nota', title, fileName: 'pobreza_año.csv' });

const text = (file: { body: ReadableStream<Uint8Array> }) => new Response(file.body).text();
const records = (csv: string) => parse(csv, { relax_column_count: false }) as string[][];

describe('statistics open data', () => {
	it('exports an indicator as SDMX-CSV 2.0 that reads back to the same observations, with unit, decimals and source', async () => {
		const code = await indicator({ decimals: 1 });
		const [a, b, c] = await places(3);
		await importLong(code, `${a.id},2020,12.5,A,\n${a.id},2021,13.25,P,"Cifra provisional, revisada"\n${b.id},2020,..,,\n${c.id},2021,-0.5,E,\n`);

		const file = await exportIndicator(as(null), code, 'sdmx');
		expect(file.fileName).toBe(`${code}.sdmx.csv`);
		expect(file.contentType).toContain(SDMX_CSV_MEDIA_TYPE);
		const [header, ...rows] = records(await text(file));
		expect(header.slice(0, 3)).toEqual(['STRUCTURE', 'STRUCTURE_ID', 'ACTION']);
		const { observations, problems } = readSdmxCsv(header, rows);
		expect(problems).toEqual([]);
		const key = (o: { territory: string; period: string }) => `${o.territory}|${o.period}`;
		expect(observations.map((o) => ({ indicator: o.indicator, territory: o.territory, period: o.period, value: o.value, status: o.status, note: o.note })).sort((x, y) => key(x).localeCompare(key(y)))).toEqual(
			[
				{ indicator: code, territory: a.id, period: '2020', value: 12.5, status: 'A', note: undefined },
				// 13.25 at one decimal: SDMX-CSV writes the indicator's precision.
				{ indicator: code, territory: a.id, period: '2021', value: 13.3, status: 'P', note: 'Cifra provisional, revisada' },
				{ indicator: code, territory: b.id, period: '2020', value: null, status: 'M', note: undefined },
				{ indicator: code, territory: c.id, period: '2021', value: -0.5, status: 'E', note: undefined }
			].sort((x, y) => key(x).localeCompare(key(y)))
		);
		// The helper's indicator is typed in Spanish, 'porcentaje': a common unit, stored and exported by its code.
		expect(observations.every((o) => o.unit === 'percent' && o.decimals === 1 && o.unitMultiplier === 0)).toBe(true);
		const sourceColumn = header.indexOf('SOURCE');
		expect(rows.every((row) => row[sourceColumn] === 'Oficina de Estadística de Prueba' && row[header.indexOf('LICENCE')] === 'CC BY 4.0')).toBe(true);

		// Filtered by level and period (SDMX's 2021-A1 is 2021).
		const filtered = await exportIndicator(as(null), code, 'sdmx', { level: 'municipality', period: '2021-A1' });
		expect(filtered.fileName).toBe(`${code}_municipality_2021.sdmx.csv`);
		expect(readSdmxCsv(...(([h, ...r]) => [h, r] as const)(records(await text(filtered)))).observations.map((o) => o.territory).sort()).toEqual([a.id, c.id].sort());
		await expect(exportIndicator(as(null), code, 'csv', { period: '2021-S1' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'period' }] });
		await expect(exportIndicator(as(null), 'NO_SUCH_INDICATOR', 'csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('writes a missing or non-finite value as an empty cell with status M, never NaN or Infinity, and names the source', async () => {
		const code = await indicator();
		const [a, b, c] = await places(3);
		await importLong(code, `${a.id},2020,7,A,\n${b.id},2020,,M,No informado\n`);
		// Values no import accepts, stored some other way.
		await getDb().execute(sql`insert into observation (indicator_code, level, territory_id, period, value, status) values
			(${code}, 'municipality', ${c.id}, '2020', 'Infinity'::double precision, 'A'),
			(${code}, 'municipality', ${c.id}, '2021', 'NaN'::double precision, 'A')`);

		const csv = await text(await exportIndicator(as(null), code, 'csv'));
		expect(csv).not.toMatch(/NaN|Infinity/);
		const [header, ...rows] = records(csv);
		expect(header).toEqual(['indicator', 'level', 'territory', 'territory_name', 'period', 'value', 'status', 'basis', 'coverage_reported', 'coverage_expected', 'missing', 'note', 'unit', 'source', 'licence']);
		const byKey = new Map(rows.map((row) => [`${row[2]}|${row[4]}`, Object.fromEntries(header.map((name, index) => [name, row[index]]))]));
		expect(byKey.get(`${a.id}|2020`)).toMatchObject({ territory_name: a.name, value: '7', status: 'A', basis: 'stored', coverage_reported: '', coverage_expected: '', missing: '', unit: 'percent', source: 'Oficina de Estadística de Prueba', licence: 'CC BY 4.0' });
		expect(byKey.get(`${b.id}|2020`)).toMatchObject({ value: '', status: 'M', note: 'No informado' });
		expect(byKey.get(`${c.id}|2020`)).toMatchObject({ value: '', status: 'M' });
		expect(byKey.get(`${c.id}|2021`)).toMatchObject({ value: '', status: 'M' });
		expect(rows.every((row) => row[header.indexOf('source')] === 'Oficina de Estadística de Prueba')).toBe(true);

		const sdmx = await text(await exportIndicator(as(null), code, 'sdmx'));
		expect(sdmx).not.toMatch(/NaN|Infinity/);
		const [sdmxHeader, ...sdmxRows] = records(sdmx);
		expect(readSdmxCsv(sdmxHeader, sdmxRows).observations.filter((o) => o.territory === c.id)).toEqual([
			expect.objectContaining({ period: '2020', value: null, status: 'M' }),
			expect.objectContaining({ period: '2021', value: null, status: 'M' })
		]);

		const json = JSON.parse(await text(await exportIndicator(as(null), code, 'json')));
		expect(json.indicator).toMatchObject({ code, unit: 'percent', source: 'Oficina de Estadística de Prueba', licence: 'CC BY 4.0' });
		expect(json.observations).toHaveLength(4);
		expect(json.observations.filter((o: { territory: string }) => o.territory === c.id)).toEqual([
			{ indicator: code, level: 'municipality', territory: c.id, territoryName: c.name, period: '2020', value: null, status: 'M', basis: 'stored', coverage: null, missing: null, note: null },
			{ indicator: code, level: 'municipality', territory: c.id, territoryName: c.name, period: '2021', value: null, status: 'M', basis: 'stored', coverage: null, missing: null, note: null }
		]);
		expect((await listObservations(as(null), code, { territory: c.id })).items.map((item) => [item.value, item.status])).toEqual([
			[null, 'M'],
			[null, 'M']
		]);
	});

	it('adds the values rolled up from municipalities to an indicator export, marked estimated when some are missing', async () => {
		const code = await indicator({ aggregation: 'sum' });
		const [a, b] = await places(3);
		await importLong(code, `${a.id},2022,10,A,\n${b.id},2022,5,A,\n`);
		const json = JSON.parse(await text(await exportIndicator(as(null), code, 'json', { level: 'admin1' })));
		expect(json.filter).toEqual({ level: 'admin1', period: null, country: null, territory: null });
		expect(json.observations).toEqual([
			expect.objectContaining({ level: 'admin1', territory: `${a.countryCode}-${a.admin1Code}`, period: '2022', value: 15, status: 'E', basis: 'rolled_up', coverage: { reported: 2, expected: 3 }, missing: null })
		]);
	});

	it('exports a dataset in three formats with its publisher and licence, and serves its original file', async () => {
		const code = await indicator();
		const [a, b] = await places(2);
		const { id, content } = await importLong(code, `${a.id},2019,1.5,A,\n${b.id},2019,2,A,\n`, `Censo ${uniqueToken()}`);

		const csv = await exportDataset(as(null), id, 'csv');
		expect(csv.fileName).toMatch(/^censo-[a-z]+-[0-9a-f]{8}\.csv$/);
		const [header, ...rows] = records(await text(csv));
		expect(rows.map((row) => [row[2], row[5], row[header.indexOf('source')], row[header.indexOf('licence')]])).toEqual([
			[a.id, '1.5', 'Instituto Nacional de Estadística', 'CC BY 4.0'],
			[b.id, '2', 'Instituto Nacional de Estadística', 'CC BY 4.0']
		].sort((x, y) => x[0].localeCompare(y[0])));

		const json = JSON.parse(await text(await exportDataset(as(null), id, 'json')));
		expect(json.dataset).toMatchObject({ id, publisher: 'Instituto Nacional de Estadística', licence: 'CC BY 4.0', fileName: 'pobreza_año.csv' });
		expect(json.observations).toHaveLength(2);
		expect(json.indicators[code]).toMatchObject({ unit: 'percent', decimals: 1 });
		const [sdmxHeader, ...sdmxRows] = records(await text(await exportDataset(as(null), id, 'sdmx')));
		expect(readSdmxCsv(sdmxHeader, sdmxRows).observations).toHaveLength(2);
		expect(sdmxRows.every((row) => row[sdmxHeader.indexOf('SOURCE')] === 'Instituto Nacional de Estadística')).toBe(true);

		const original = await getDatasetOriginal(as(null), id);
		expect(original.fileName).toBe('pobreza_año.csv');
		expect(await text(original)).toBe(content);

		// Not imported yet: not published, though its editors may fetch the file.
		const { id: pending } = await uploadDataset(as(editor), { title: 'Borrador', publisher: 'INE', file: new File(['a,b\n1,2\n'], 'borrador.csv') });
		await expect(exportDataset(as(null), pending, 'csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(getDatasetOriginal(as(null), pending)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await text(await getDatasetOriginal(as(editor), pending))).toBe('a,b\n1,2\n');
		await expect(exportDataset(as(null), 'not-a-uuid', 'csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('lists the dataset and the indicator in the DCAT catalogue with three distributions at absolute URLs', async () => {
		const code = await indicator({ periodicity: 'quarterly', theme: 'public-finance' });
		const [a] = await places(1);
		const { id } = await importLong(code, `${a.id},2020-Q3,4,A,\n${a.id},2021-Q1,5,A,\n`, `Trimestral ${uniqueToken()}`);
		const catalogue = await getDataCatalogue();
		expect(catalogue['@type']).toBe('dcat:Catalog');
		const entries = catalogue['dcat:dataset'] as Record<string, unknown>[];
		const dataset = entries.find((entry) => entry['dct:identifier'] === id);
		expect(dataset).toMatchObject({
			'@id': `${origin}/estadisticas/conjuntos/${id}`,
			'@type': 'dcat:Dataset',
			'dct:publisher': { '@type': 'foaf:Agent', 'foaf:name': 'Instituto Nacional de Estadística' },
			'dct:license': { '@id': 'https://creativecommons.org/licenses/by/4.0/' },
			'dct:temporal': { 'dcat:startDate': { '@value': '2020-07-01' }, 'dcat:endDate': { '@value': '2021-03-31' } }
		});
		const distributions = dataset?.['dcat:distribution'] as { 'dcat:downloadURL': { '@id': string }; 'dcat:mediaType': string }[];
		expect(distributions.map((item) => [item['dcat:downloadURL']['@id'], item['dcat:mediaType']])).toEqual([
			[`${origin}/estadisticas/conjuntos/${id}/datos.csv`, 'text/csv'],
			[`${origin}/estadisticas/conjuntos/${id}/datos.sdmx.csv`, SDMX_CSV_MEDIA_TYPE],
			[`${origin}/estadisticas/conjuntos/${id}/datos.json`, 'application/json']
		]);
		expect(distributions.every((item) => /^https?:\/\//.test(item['dcat:downloadURL']['@id']))).toBe(true);

		const entry = entries.find((item) => item['dct:identifier'] === code);
		expect(entry).toMatchObject({
			'@id': `${origin}/estadisticas/indicadores/${code}`,
			'dct:title': expect.arrayContaining([{ '@value': `Pobreza ${code}`, '@language': 'es' }, { '@value': `Poverty ${code}`, '@language': 'en' }]),
			'dct:publisher': { 'foaf:name': 'Oficina de Estadística de Prueba' },
			'dct:temporal': { 'dcat:startDate': { '@value': '2020-07-01' }, 'dcat:endDate': { '@value': '2021-03-31' } },
			'dct:accrualPeriodicity': { '@id': 'http://publications.europa.eu/resource/authority/frequency/QUARTERLY' },
			'dcat:theme': { 'skos:notation': 'public-finance', 'skos:prefLabel': expect.arrayContaining([{ '@value': 'Finanzas públicas e ingresos propios', '@language': 'es' }]) }
		});
		expect(dataset?.['dcat:theme']).toEqual([expect.objectContaining({ 'skos:notation': 'public-finance' })]);
		expect((entry?.['dcat:distribution'] as unknown[]).length).toBe(3);
	});

	it('pages and filters the observations of an indicator, and refuses unknown levels, bad periods and unknown indicators', async () => {
		const code = await indicator();
		const [a, b, c] = await places(3);
		await importLong(code, [a, b, c].flatMap((place, index) => [`${place.id},2020,${index + 1},A,`, `${place.id},2021,${index + 10},A,`]).join('\n') + '\n');

		const first = await listObservations(as(null), code, { pageSize: '4' });
		expect(first).toMatchObject({ total: 6, page: 1, pageSize: 4, indicator: { code, unit: 'percent', source: 'Oficina de Estadística de Prueba' } });
		expect(first.items).toHaveLength(4);
		expect(first.items[0]).toEqual({ level: 'municipality', territory: expect.any(String), territoryName: expect.any(String), period: '2020', value: expect.any(Number), status: 'A', basis: 'stored', coverage: null, missing: null, note: null });
		const second = await listObservations(as(null), code, { pageSize: '4', page: '2' });
		expect(second.items).toHaveLength(2);
		const all = [...first.items, ...second.items].map((item) => `${item.territory}|${item.period}`);
		expect(new Set(all).size).toBe(6);

		const period = await listObservations(as(null), code, { period: '2021', level: 'municipality' });
		expect(period.items.map((item) => [item.territory, item.value]).sort()).toEqual([
			[a.id, 10],
			[b.id, 11],
			[c.id, 12]
		].sort());
		const territory = await listObservations(as(null), code, { territory: b.id });
		expect(territory.items.map((item) => [item.period, item.value, item.territoryName])).toEqual([
			['2020', 2, b.name],
			['2021', 11, b.name]
		]);

		await expect(listObservations(as(null), code, { level: 'region' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'level' }] });
		await expect(listObservations(as(null), code, { period: 'ayer' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'period' }] });
		await expect(listObservations(as(null), code, { pageSize: '1000' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'pageSize' }] });
		await expect(listObservations(as(null), 'NO_SUCH_CODE', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });

		// Through the API route: JSON, and the error shape naming the field.
		const call = (path: string, code: string) => {
			const url = new URL(`http://localhost${path}`);
			return getObservations({ url, request: new Request(url), params: { code }, locals: {} } as unknown as Parameters<typeof getObservations>[0]) as Promise<Response>;
		};
		const ok = await call(`/api/v1/indicators/${code}/observations?territory=${a.id}&lang=en`, code);
		expect(ok.status).toBe(200);
		expect((await ok.json()).items).toHaveLength(2);
		const bad = await call(`/api/v1/indicators/${code}/observations?pageSize=0&lang=en`, code);
		expect(bad.status).toBe(400);
		expect((await bad.json()).error).toMatchObject({ code: 'VALIDATION', details: { fields: [{ field: 'pageSize' }] } });
		const unknown = await call('/api/v1/indicators/NO_SUCH_CODE/observations', 'NO_SUCH_CODE');
		expect(unknown.status).toBe(404);
		expect((await unknown.json()).error.code).toBe('NOT_FOUND');
	});
});
