import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDb } from '../db';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { getIndicatorTable } from './indicator-service';
import { pageObservations, readObservations } from './observations';
import { valueSource } from './open-data';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
});

const indicator = () => createTestIndicator(editor, { 'name.es': 'Gasto', unit: 'pesos', aggregation: 'sum', source: 'Prueba' });
const places = (count: number) => createUnitMunicipalities(count);
const importLong = (code: string, body: string) => importLongCsv(editor, code, body);

describe('rolled-up values inherit the weakest status of their inputs', () => {
	it('keeps a provisional municipal value provisional in the roll-up, complete or not, on the page and in the observations', async () => {
		const code = await indicator();
		const [a, b, c] = await places(3);
		// 2020: every municipality, one provisional → P (was A). 2021: two of three, one provisional → P (was E).
		// 2022: two of three, both normal → E (coverage).
		await importLong(code, `${a.id},2020,1,A\n${b.id},2020,2,P\n${c.id},2020,3,A\n${a.id},2021,4,P\n${b.id},2021,5,A\n${a.id},2022,6,A\n${b.id},2022,7,A\n`);
		const unit = `${a.countryCode}-${a.admin1Code}`;
		const source = await valueSource(getDb());
		const row = source.indicators.get(code)!;
		const observed = [];
		for await (const o of readObservations(source, row, { level: 'admin1' })) observed.push([o.territory, o.period, o.value, o.status, o.basis, o.coverage]);
		expect(observed).toEqual([
			[unit, '2020', 6, 'P', 'rolled_up', { reported: 3, expected: 3 }],
			[unit, '2021', 9, 'P', 'rolled_up', { reported: 2, expected: 3 }],
			[unit, '2022', 13, 'E', 'rolled_up', { reported: 2, expected: 3 }]
		]);
		const page = await pageObservations(source, row, { level: 'country', period: '2021' }, { limit: 10, offset: 0 });
		expect(page).toMatchObject({ total: 1, items: [{ territory: a.countryCode, status: 'P', basis: 'rolled_up' }] });
		for (const period of ['2020', '2021']) {
			const table = await getIndicatorTable(as(null), code, { level: 'admin1', period });
			expect(table.items.find((item) => item.id === unit)).toMatchObject({ status: 'P' });
		}
	});
});
