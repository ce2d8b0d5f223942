// Issue 12 §3: an import's progress was a map in the memory of the server running it, so another server's page, or
// the same one after a restart, showed nothing. It is kept on the dataset: observations read by the running attempt,
// which attempt, and when it last moved.
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDb } from '../db';
import { getDataset } from '.';
import * as importQueries from './import-queries';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
});

describe('the progress of a statistics import', () => {
	it('is read from the database: every observation of the first attempt, and when', async () => {
		const code = await createTestIndicator(editor);
		const places = await createUnitMunicipalities(3);
		const before = Date.now();
		const { id } = await importLongCsv(editor, code, places.map((place, index) => `${place.id},2020,${index + 1},A`).join('\n'));
		const dataset = await getDataset(as(editor), id);
		expect(dataset).toMatchObject({ status: 'done', rowCount: 3, processed: 3, attempt: 1 });
		expect(Date.parse(dataset.progressAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
	});

	it('takes no late write from an attempt given up as dead, only from the one that runs now', async () => {
		const code = await createTestIndicator(editor);
		const places = await createUnitMunicipalities(2);
		const { id } = await importLongCsv(editor, code, places.map((place) => `${place.id},2021,7,A`).join('\n'));
		await importQueries.updateDatasetProgress(getDb(), id, 0, 1);
		expect((await getDataset(as(editor), id)).processed).toBe(2);
		await importQueries.updateDatasetProgress(getDb(), id, 1, 1);
		expect((await getDataset(as(editor), id)).processed).toBe(1);
	});
});
