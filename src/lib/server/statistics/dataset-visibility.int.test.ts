// Issue 13 findings 10 and 14: datasets not yet imported were listed publicly (title, publisher, file name), and file
// names were stored with their path. Rows of who sees a dataset in which state, through the list and the page: only
// imported ones are public (a deleted one stays listed as deleted, for the record).
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDataset, listDatasets, uploadDataset } from '.';
import { downloadHeaders } from './open-data';

let editor: Actor;
let secretariat: Actor;
let member: Actor;
let uploaded: string;
let imported: string;

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
	member = await createUser();
	const code = await createTestIndicator(editor);
	const [place] = await createUnitMunicipalities(1);
	({ id: imported } = await importLongCsv(editor, code, `${place.id},2020,5,A`, { title: 'Encuesta importada' }));
	({ id: uploaded } = await uploadDataset({ actor: editor, locale: 'es' }, { title: 'Borrador confidencial', publisher: 'Oficina', licence: 'CC BY 4.0', file: new File(['territorio,periodo,valor\nXX-1,2020,1\n'], 'borrador.csv', { type: 'text/csv' }) }));
});

const listed = async (actor: Actor | null) => {
	const ids = new Set<string>();
	for (let page = 1; ; page++) {
		const result = await listDatasets({ actor, locale: 'es' }, { page: String(page), pageSize: '100' });
		for (const item of result.items) ids.add(item.id);
		if (page * result.pageSize >= result.total) return ids;
	}
};

describe('who sees a dataset', () => {
	const rows: Array<[string, () => Actor | null, boolean]> = [
		['anonymous', () => null, false],
		['a member', () => member, false],
		['a statistics editor', () => editor, true],
		['the secretariat', () => secretariat, true]
	];
	it.each(rows)('%s: an imported one always; one only uploaded → %s', async (_who, actorOf, seesUploaded) => {
		const ids = await listed(actorOf());
		expect(ids.has(imported)).toBe(true);
		expect(ids.has(uploaded)).toBe(seesUploaded);
		expect((await getDataset({ actor: actorOf(), locale: 'es' }, imported)).status).toBe('done');
		if (seesUploaded) expect((await getDataset({ actor: actorOf(), locale: 'es' }, uploaded)).status).toBe('uploaded');
		else await expect(getDataset({ actor: actorOf(), locale: 'es' }, uploaded)).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});
});

describe('an uploaded file’s name', () => {
	it('is stored without a path and offered back without one (issue 13 finding 14)', async () => {
		const { id } = await uploadDataset({ actor: editor, locale: 'es' }, { title: 'Con ruta', publisher: 'Oficina', licence: 'CC BY 4.0', file: new File(['territorio,periodo,valor\nXX-1,2020,1\n'], '../../etc/datos\u0007.csv', { type: 'text/csv' }) });
		const dataset = await getDataset({ actor: editor, locale: 'es' }, id);
		expect(dataset.fileName).toBe('datos.csv');
		// A name stored before names were cleaned is cleaned again on the way out.
		const header = downloadHeaders({ fileName: '../../etc/passwd.csv', contentType: 'text/csv' })['content-disposition'];
		expect(header).not.toContain('..');
		expect(header).not.toContain('%2F');
		expect(header).toContain('passwd.csv');
	});
});
