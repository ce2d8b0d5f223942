// Offices' own downloads through the editor's steps: the header found below the title lines, the titles and notes
// listed in the review, every data row read, and the values imported.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimCountryCode, createMunicipality, createUser } from '../../../../tests/factories';
import { createTestIndicator } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { translate } from '../i18n';
import { chooseHeaderLine, commitImport, getDataset, previewImport, uploadDataset } from '.';
import { getIndicatorTable } from './indicator-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;
let country: string;
let code: string;

// The national codes of the samples, all in one claimed test country (distinct once leading zeros are dropped).
const codes = ['01001', '01002', '01003', '05001', '05002', '05004', '1100015', '1100023', '1100031', '13101', '13102', '13103'];

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	country = await claimCountryCode();
	for (const [index, municipalityCode] of codes.entries()) await createMunicipality({ countryCode: country, admin1Code: String(10 + (index % 4)), code: municipalityCode });
	code = await createTestIndicator(editor, { unit: 'personas', levels: 'municipality' });
});

const upload = (name: string) =>
	uploadDataset(as(editor), { title: `Muestra ${name}`, publisher: 'Oficina de estadística', licence: 'CC BY 4.0', file: new File([new Uint8Array(readFileSync(`tests/fixtures/statistics/${name}`))], name, { type: 'text/csv' }) });

async function commitAndWait(id: string) {
	await commitImport(as(editor), id);
	for (let i = 0; i < 200; i++) {
		const dataset = await getDataset(as(editor), id);
		if (dataset.status !== 'running') return dataset;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('import did not finish');
}

const samples = [
	{
		name: 'inegi-poblacion-municipios.csv',
		headerLine: 5,
		header: ['Clave', 'Entidad federativa', 'Municipio', '2010', '2020'],
		mapping: { layout: 'wide', territoryColumn: 'Clave', decimal: '.', thousands: ',' },
		observations: 6,
		skipped: [
			[1, 'title', 'Censo de Población y Vivienda 2020'],
			[2, 'title', 'Población total por entidad federativa y municipio, 2010 y 2020'],
			[3, 'title', 'Unidad de medida: personas'],
			[10, 'note', 'Fuente: INEGI. Censo de Población y Vivienda 2020. Tabulados del cuestionario básico.'],
			[11, 'note', 'Nota: cifras al 15 de marzo, fecha censal.'],
			[12, 'note', '1/ Incluye una estimación de viviendas sin información de ocupantes.']
		],
		values: [['01001', '2020', 948900]]
	},
	{
		name: 'dane-proyecciones-municipios.csv',
		headerLine: 5,
		header: ['DP', 'DPNOM', 'DPMP', 'MPIO', '2020', '2021', '2022'],
		mapping: { layout: 'wide', territoryColumn: 'DPMP', decimal: ',', thousands: '.' },
		observations: 9,
		skipped: [
			[1, 'title', 'DANE - Departamento Administrativo Nacional de Estadística'],
			[2, 'title', 'Proyecciones de población municipal por área, 2020-2022'],
			[3, 'title', 'Total municipal'],
			[10, 'note', 'Fuente: DANE, proyecciones de población municipal con base en el CNPV 2018.'],
			[11, 'note', 'Fecha de publicación: 2023']
		],
		values: [['05001', '2021', 2573200]]
	},
	{
		name: 'ibge-sidra-tabela-6579.csv',
		headerLine: 4,
		header: ['Nível', 'Cód.', 'Município', '2020', '2021'],
		mapping: { layout: 'wide', territoryColumn: 'Cód.', decimal: ',', thousands: '.' },
		observations: 6,
		skipped: [
			[1, 'title', 'Tabela 6579 - População residente estimada'],
			[2, 'title', 'Variável - População residente estimada (Pessoas)'],
			[3, 'title', 'Ano'],
			[9, 'note', 'Fonte: IBGE - Estimativas de População'],
			[10, 'note', 'Notas'],
			[11, 'note', '1 - A tabela traz valores fictícios de exemplo.']
		],
		values: [
			['1100023', '2021', 111148],
			['1100031', '2020', null]
		]
	},
	{
		name: 'ine-chile-proyecciones-comunas.csv',
		headerLine: 4,
		header: ['Código comuna', 'Comuna', 'Año', 'Población'],
		mapping: { layout: 'long', territoryColumn: 'Código comuna', periodColumn: 'Año', valueColumn: 'Población', decimal: '.' },
		observations: 6,
		skipped: [
			[1, 'title', 'Instituto Nacional de Estadísticas (INE), Chile'],
			[2, 'title', 'Proyecciones de población por comuna, 2020-2022'],
			[3, 'title', 'Unidad: personas'],
			[11, 'note', 'Fuente: INE, proyecciones de población base 2017.'],
			[12, 'note', 'Nota: cifras al 30 de junio de cada año.']
		],
		values: [['13103', '2021', 141900]]
	}
] as const;

describe('statistics import of offices’ downloads with title and note lines', () => {
	it.each(samples)('$name: finds the header, lists the lines left out, reads every row and imports the values', async (sample) => {
		const { id } = await upload(sample.name);
		const uploaded = await getDataset(as(editor), id);
		expect(uploaded).toMatchObject({ headerLine: sample.headerLine, headerGuess: sample.headerLine, header: sample.header });
		// The header is picked among the file's first lines, each shown with its text.
		expect(uploaded.headerChoices.map((choice) => choice.line)).toContain(sample.headerLine);
		expect(uploaded.mapping).toMatchObject({ layout: sample.mapping.layout, territoryColumn: sample.mapping.territoryColumn });

		// The form sends the header line; a mapping sent without one (a script) keeps the guess: half the samples do so.
		const mapping = { ...(sample.headerLine % 2 ? {} : { headerLine: String(sample.headerLine) }), ...sample.mapping, indicator: code, level: 'municipality', country };
		expect(await previewImport(as(editor), id, mapping)).toEqual({ observations: sample.observations, problemCount: 0 });
		const checked = await getDataset(as(editor), id);
		expect(checked.status).toBe('checked');
		expect(checked.skipped.map((line) => [line.line, line.kind, line.text])).toEqual(sample.skipped);
		expect(checked.skippedCount).toBe(sample.skipped.length);

		expect(await commitAndWait(id)).toMatchObject({ status: 'done', report: { added: sample.observations, revised: 0, unchanged: 0 } });
		for (const [municipalityCode, period, value] of sample.values) {
			const table = await getIndicatorTable(as(null), code, { level: 'municipality', period, country });
			expect(table.items.find((item) => item.id === `${country}-${municipalityCode}`)?.value ?? null).toBe(value);
		}
	});

	it('lets the editor read the columns from another line, keeping the other choices, and refuses a line that is not there', async () => {
		const { id } = await upload('inegi-poblacion-municipios.csv');
		// The guess was wrong, say: line 3 is picked with the mapping form's other choices.
		expect(await chooseHeaderLine(as(editor), id, { headerLine: '3', indicator: code, country, level: 'municipality', layout: 'long' })).toEqual({ headerLine: 3 });
		const moved = await getDataset(as(editor), id);
		expect(moved).toMatchObject({ headerLine: 3, headerGuess: 5, header: ['Unidad de medida'], mapping: { indicator: code, country, level: 'municipality' } });

		// A preview sent with another line than the stored one reads that line's columns first, and previews nothing.
		expect(await previewImport(as(editor), id, { headerLine: '5', layout: 'wide', territoryColumn: 'Unidad de medida: personas', indicator: code, level: 'municipality', country, decimal: '.' })).toMatchObject({ headerChanged: true });
		const back = await getDataset(as(editor), id);
		expect(back).toMatchObject({ headerLine: 5, header: ['Clave', 'Entidad federativa', 'Municipio', '2010', '2020'], mapping: { layout: 'wide', territoryColumn: 'Clave', indicator: code } });
		expect(await previewImport(as(editor), id, { headerLine: '5', layout: 'wide', territoryColumn: 'Clave', indicator: code, level: 'municipality', country, decimal: '.', thousands: ',' })).toEqual({ observations: 6, problemCount: 0 });

		// Line 4 is blank, line 12 has no data below it, 31 is past the lines offered, "x" is no line.
		await expect(chooseHeaderLine(as(editor), id, { headerLine: '4' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'headerLine', messageKey: 'stats_import_header_not_found', params: { line: 4 } }] });
		expect(translate('stats_import_header_not_found', 'pt', { line: 4 })).toBe('A linha 4 está vazia ou não é uma das primeiras linhas do arquivo; escolha outra.');
		await expect(chooseHeaderLine(as(editor), id, { headerLine: '12' })).rejects.toMatchObject({ fields: [{ field: 'headerLine', messageKey: 'error_stats_file_no_rows' }] });
		await expect(chooseHeaderLine(as(editor), id, { headerLine: '31' })).rejects.toMatchObject({ fields: [{ field: 'headerLine', messageKey: 'error_field_too_large' }] });
		await expect(chooseHeaderLine(as(editor), id, { headerLine: 'x' })).rejects.toMatchObject({ fields: [{ field: 'headerLine', messageKey: 'error_field_invalid' }] });
		await expect(chooseHeaderLine(as(await createUser()), id, { headerLine: '5' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect((await getDataset(as(editor), id)).headerLine).toBe(5);
	});
});
