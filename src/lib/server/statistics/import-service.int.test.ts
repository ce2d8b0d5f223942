import { beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { sql } from 'drizzle-orm';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { commitImport, deleteDataset, getDataset, previewImport, uploadDataset } from '.';
import { getIndicatorTable, saveIndicator } from './indicator-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;
let secretariat: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

async function indicator(aggregation = 'sum') {
	const code = `T_${uniqueToken().toUpperCase()}`;
	await saveIndicator(as(editor), { code, 'name.es': `Indicador ${code}`, unit: 'personas', levels: 'municipality admin1 country', aggregation, source: 'Oficina de prueba' }, { creating: true });
	return code;
}

async function places(count: number) {
	const countryCode = `X${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(Math.random() * 26)]}`;
	const admin1Code = String(10 + Math.floor(Math.random() * 89));
	const base = 10_000 + Math.floor(Math.random() * 80_000);
	return Promise.all(Array.from({ length: count }, (_, index) => createMunicipality({ countryCode, admin1Code, code: `0${base + index}`, population: 1000 * (index + 1) })));
}

const upload = (content: string | Buffer, name = 'datos.csv') =>
	uploadDataset(as(editor), { title: 'Encuesta municipal', publisher: 'Instituto Nacional de Estadística', licence: 'CC BY 4.0', file: new File([typeof content === 'string' ? content : new Uint8Array(content)], name, { type: 'text/csv' }) });

async function commitAndWait(id: string) {
	await commitImport(as(editor), id);
	for (let i = 0; i < 200; i++) {
		const dataset = await getDataset(as(editor), id);
		if (dataset.status !== 'running') return dataset;
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('import did not finish');
}

describe('statistics import', () => {
	it('previews without writing, lists every problem by line, then commits all-or-nothing and reports added, revised, unchanged', async () => {
		const code = await indicator();
		const [a, b, c] = await places(3);
		// National codes without the leading zero, semicolons, decimal commas, Latin-1.
		const bad = Buffer.from(`Código;Municipio;2020;2021\n${a.code.slice(1)};A;1.234,5;1.300\n99999999;Nadie;1;2\n${b.code.slice(1)};B;abc;7\n`, 'latin1');
		const { id } = await upload(bad);
		const mapping = { layout: 'wide', territoryColumn: 'Código', indicator: code, level: 'municipality', country: a.countryCode, decimal: ',', thousands: '.' };
		const preview = await previewImport(as(editor), id, mapping);
		expect(preview).toEqual({ observations: 3, problemCount: 2 });
		const checked = await getDataset(as(editor), id);
		expect(checked.problems).toEqual([
			{ row: 3, column: 'Código', code: 'unknown_territory', value: '99999999' },
			{ row: 4, column: '2020', code: 'not_a_number', value: 'abc' }
		]);
		expect(checked.preview[0]).toMatchObject({ territoryId: a.id, period: '2020', value: 1234.5 });
		await expect(commitImport(as(editor), id)).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await getIndicatorTable(as(null), code, {})).total).toBe(0);

		const good = Buffer.from(`Código;Municipio;2020;2021\n${a.code.slice(1)};A;1.234,5;1.300\n${b.code.slice(1)};B;10;7\n`, 'latin1');
		const first = await upload(good);
		await previewImport(as(editor), first.id, mapping);
		const done = await commitAndWait(first.id);
		expect(done).toMatchObject({ status: 'done', report: { added: 4, revised: 0, unchanged: 0 } });

		// The same file again changes nothing.
		const again = await upload(good);
		await previewImport(as(editor), again.id, mapping);
		expect((await commitAndWait(again.id)).report).toEqual({ added: 0, revised: 0, unchanged: 4 });

		// A revision: one value changes, one is added; the earlier value is kept, and deleting the import puts it back.
		const revision = await upload(Buffer.from(`Código;2021\n${b.code.slice(1)};8\n${c.code.slice(1)};3\n`, 'latin1'));
		await previewImport(as(editor), revision.id, mapping);
		expect((await commitAndWait(revision.id)).report).toEqual({ added: 1, revised: 1, unchanged: 0 });
		const table = await getIndicatorTable(as(null), code, { level: 'municipality', period: '2021' });
		expect(table.items.map((item) => [item.id, item.value, item.rank])).toEqual([
			[a.id, 1300, 1],
			[b.id, 8, 2],
			[c.id, 3, 3]
		]);
		await expect(deleteDataset(as(editor), revision.id, { confirm: 'yes' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await deleteDataset(as(secretariat), revision.id, { confirm: 'yes' })).toEqual({ restored: 1, removed: 1 });
		const restored = await getIndicatorTable(as(null), code, { level: 'municipality', period: '2021' });
		expect(restored.items.map((item) => [item.id, item.value])).toEqual([
			[a.id, 1300],
			[b.id, 7]
		]);
		expect((await getDataset(as(null), revision.id)).status).toBe('deleted');
	});

	it('rolls municipalities up to units and countries with coverage, and refuses broken files with a clear reason', async () => {
		const code = await indicator();
		const [a, b] = await places(3);
		const { id } = await upload(`territorio,periodo,valor\n${a.id},2022,10\n${b.id},2022,5\n`);
		await previewImport(as(editor), id, { layout: 'long', territoryColumn: 'territorio', periodColumn: 'periodo', valueColumn: 'valor', indicator: code, level: 'municipality', decimal: '.' });
		await commitAndWait(id);
		const units = await getIndicatorTable(as(null), code, { level: 'admin1', period: '2022' });
		expect(units.items).toEqual([expect.objectContaining({ id: `${a.countryCode}-${a.admin1Code}`, value: 15, coverage: { reported: 2, expected: 3 }, status: 'E' })]);

		await expect(upload(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), 'datos.xlsx')).rejects.toMatchObject({ fields: [{ field: 'file', messageKey: 'error_stats_file_binary' }] });
		await expect(upload('"territorio,periodo\n"abc,2020')).rejects.toMatchObject({ fields: [{ field: 'file' }] });
		await expect(upload('')).rejects.toMatchObject({ fields: [{ field: 'file', messageKey: 'error_stats_file_empty' }] });
		await expect(uploadDataset(as(await createUser()), { title: 'x', publisher: 'y', file: new File(['a'], 'a.csv') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('reads a quoted Latin-1 file from its stored copy, and a file stored before its encoding was kept', async () => {
		const code = await indicator();
		const [a, b] = await places(2);
		const quoted = Buffer.from(`"Código";"Nombre";"2020"\n"${a.code.slice(1)}";"Ñuñoa; centro";"1,5"\n"${b.code.slice(1)}";"Peñalolén";"2,5"\n`, 'latin1');
		const mapping = { layout: 'wide', territoryColumn: 'Código', indicator: code, level: 'municipality', country: a.countryCode, decimal: ',', thousands: '.' };
		const { id } = await upload(quoted);
		expect(await previewImport(as(editor), id, mapping)).toEqual({ observations: 2, problemCount: 0 });
		expect((await getDataset(as(editor), id)).preview.map((row) => [row.territoryId, row.value])).toEqual([
			[a.id, 1.5],
			[b.id, 2.5]
		]);

		// Uploads of an earlier version kept no encoding: the stored file is checked again when it is read.
		const older = await upload(quoted);
		await getDb().execute(sql`update dataset set mapping = mapping - 'encoding' - 'quoted' where id = ${older.id}`);
		expect(await previewImport(as(editor), older.id, mapping)).toEqual({ observations: 2, problemCount: 0 });
		expect((await commitAndWait(older.id)).report).toEqual({ added: 2, revised: 0, unchanged: 0 });
	});
});
