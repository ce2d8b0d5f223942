// Issue 13 finding 2: text cells beginning with =, +, -, @, a tab or CR went out as they were in the experience,
// call, service and statistics CSVs, and a spreadsheet would run them as formulas. Each export is checked here with
// a record whose text is a formula; the JSON exports keep the text as it is.
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience, createUser, uniqueToken } from '../factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../helpers/statistics';
import { getDb } from '../../src/lib/server/db';
import { exportCallsCsv, exportServices, proposeCall, proposeInstitution, proposeService } from '../../src/lib/server/directory';
import { exportCatalogue } from '../../src/lib/server/experiences';
import { exportIndicator } from '../../src/lib/server/statistics';
import { loadReferenceTaxonomy } from '../../src/lib/server/taxonomy';

const FORMULA = '=HYPERLINK("http://evil.example","clic")';
const rowsOf = (text: string) => parse(text, { relax_column_count: true }) as string[][];
const textOf = (body: ReadableStream<Uint8Array>) => new Response(body).text();

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('CSV exports neutralise formulas', () => {
	it('the experience catalogue', async () => {
		const tag = uniqueToken();
		await createExperience({ title: `${FORMULA} ${tag}`, summary: `@SUM(A1) ${tag}` });
		const csv = await textOf(exportCatalogue({ actor: null, locale: 'es' }, { q: tag }, 'csv'));
		const cells = rowsOf(csv).flat();
		expect(cells).toContain(`'${FORMULA} ${tag}`);
		expect(cells).toContain(`'@SUM(A1) ${tag}`);
		const json = JSON.parse(await textOf(exportCatalogue({ actor: null, locale: 'es' }, { q: tag }, 'json'))) as { title: string }[];
		expect(json.map((item) => item.title)).toContain(`${FORMULA} ${tag}`);
	});

	it('the directory’s services (HSDS) and calls', async () => {
		const secretariat = { actor: await createUser({ roles: [{ role: 'secretariat' }] }), locale: 'es' as const };
		const tag = uniqueToken();
		const { id: institutionId } = await proposeInstitution(secretariat, { name: `+Red ${tag}`, kind: 'municipal_association', countryCode: 'BO' });
		await proposeService(secretariat, { institutionId, name: `-Capacitación ${tag}`, kind: 'training', languages: 'es', serviceAreas: 'BO' });
		await proposeCall(secretariat, { funderId: institutionId, title: `@Fondo ${tag}`, opensAt: '2026-01-01', closesAt: '2026-02-01T12:00', timeZone: 'America/La_Paz', amountMax: '1000', currency: 'BOB' });
		const services = rowsOf(await exportServices({}, 'csv')).flat();
		expect(services).toContain(`'-Capacitación ${tag}`);
		expect(services).toContain(`'+Red ${tag}`);
		expect(services).not.toContain(`-Capacitación ${tag}`);
		const calls = rowsOf(await exportCallsCsv({}, new Date('2026-01-15T00:00:00Z'))).flat();
		expect(calls).toContain(`'@Fondo ${tag}`);
		expect(calls).toContain('1000');
		const hsds = JSON.parse(await exportServices({}, 'json')) as { name: string }[];
		expect(hsds.map((item) => item.name)).toContain(`-Capacitación ${tag}`);
	});

	it('the statistics CSV and SDMX-CSV, leaving negative values as numbers', async () => {
		const editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
		const code = await createTestIndicator(editor);
		const [place] = await createUnitMunicipalities(1);
		await importLongCsv(editor, code, `${place.id},2020,-12.5,A,${'=1+1'}`, { columns: 'territorio,periodo,valor,estado,nota' });
		for (const format of ['csv', 'sdmx'] as const) {
			const file = await exportIndicator({ locale: 'es' }, code, format, { level: 'municipality' });
			const cells = rowsOf(await textOf(file.body)).flat();
			expect(cells, format).toContain("'=1+1");
			// SDMX writes the value with the indicator's decimals; either way a number, without an apostrophe.
			expect(cells.some((cell) => /^-1[23](\.\d+)?$/.test(cell)), format).toBe(true);
			expect(cells.some((cell) => cell.startsWith("'-")), format).toBe(false);
		}
	});
});
