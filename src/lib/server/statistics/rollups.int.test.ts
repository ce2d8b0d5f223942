import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../tests/factories';
import { createTestIndicator, createUnitMunicipalities, importLongCsv } from '../../../../tests/helpers/statistics';
import type { Actor } from '../context';
import { getDb } from '../db';
import { observationRollup, observationRollupState } from '../db/schema';
import { deleteDataset } from './dataset-service';
import { saveIndicator } from './indicator-service';
import { readObservations, type ObservationFilter } from './observations';
import { valueSource } from './open-data';
import { reportMunicipalValue, validateReportedValue } from './reporting-service';
import { enqueueStaleRollups, refreshRollups } from './rollups';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let editor: Actor;
let secretariat: Actor;

beforeAll(async () => {
	editor = await createUser({ roles: [{ role: 'statistics_editor' }] });
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
});

const fields = { 'name.es': 'Gasto', unit: 'pesos', aggregation: 'sum', source: 'Prueba' };

/** Every observation of a level as the files and the API give it. */
async function observed(code: string, filter: ObservationFilter) {
	const source = await valueSource(getDb());
	const rows = [];
	for await (const o of readObservations(source, source.indicators.get(code)!, filter)) rows.push([o.territory, o.period, o.value, o.status, o.basis, o.coverage, o.missing]);
	return rows;
}

/** The materialised rows of a unit: what the read path shows without computing. */
async function materialised(code: string, territoryId: string) {
	return getDb()
		.select({ period: observationRollup.period, value: observationRollup.value, status: observationRollup.status, reported: observationRollup.reported, expected: observationRollup.expected })
		.from(observationRollup)
		.where(and(eq(observationRollup.indicatorCode, code), eq(observationRollup.territoryId, territoryId)))
		.orderBy(observationRollup.period);
}

async function officialOf(municipalityId: string) {
	return createUser({ roles: [{ role: 'municipal_official', municipalityId }] });
}

describe('materialised roll-ups', () => {
	it('follow an import, a municipal report, its rejection and its validation, in the same commit', async () => {
		const code = await createTestIndicator(editor, fields);
		const [a, b, c] = await createUnitMunicipalities(3);
		const unit = `${a.countryCode}-${a.admin1Code}`;
		await importLongCsv(editor, code, `${a.id},2020,10,A\n${b.id},2020,20,A\n`);
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 30, status: 'E', reported: 2, expected: 3 }]);
		expect(await observed(code, { level: 'admin1' })).toEqual([[unit, '2020', 30, 'E', 'rolled_up', { reported: 2, expected: 3 }, null]]);

		// The third municipality reports: the unit's roll-up is complete and provisional, and so is the country's.
		await reportMunicipalValue(as(await officialOf(c.id)), c.id, { indicator: code, period: '2020', value: '5' });
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 35, status: 'P', reported: 3, expected: 3 }]);
		expect(await observed(code, { level: 'admin1' })).toEqual([[unit, '2020', 35, 'P', 'rolled_up', { reported: 3, expected: 3 }, null]]);
		const country = (await observed(code, { level: 'country', territory: a.countryCode }))[0];
		expect(country.slice(0, 5)).toEqual([a.countryCode, '2020', expect.any(Number), 'P', 'rolled_up']);

		// Rejected: the roll-up goes back to the two imported values.
		await validateReportedValue(as(editor), { indicator: code, municipality: c.id, period: '2020' }, { decision: 'reject', reason: 'Cifra no verificada' });
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 30, status: 'E', reported: 2, expected: 3 }]);

		// Reported again and accepted: complete and normal.
		await reportMunicipalValue(as(await officialOf(c.id)), c.id, { indicator: code, period: '2020', value: '7' });
		await validateReportedValue(as(editor), { indicator: code, municipality: c.id, period: '2020' }, { decision: 'accept' });
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 37, status: 'A', reported: 3, expected: 3 }]);
	});

	it('go with a deleted dataset and come back with what it replaced', async () => {
		const code = await createTestIndicator(editor, fields);
		const [a, b] = await createUnitMunicipalities(2);
		const unit = `${a.countryCode}-${a.admin1Code}`;
		await importLongCsv(editor, code, `${a.id},2020,1,A\n${b.id},2020,2,A\n`);
		const revision = await importLongCsv(editor, code, `${a.id},2020,100,A\n${a.id},2021,5,A\n`);
		expect(await materialised(code, unit)).toEqual([
			{ period: '2020', value: 102, status: 'A', reported: 2, expected: 2 },
			{ period: '2021', value: 5, status: 'E', reported: 1, expected: 2 }
		]);
		await deleteDataset(as(secretariat), revision.id, { confirm: 'yes' });
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 3, status: 'A', reported: 2, expected: 2 }]);
	});

	it('give what the on-the-fly roll-up gives, to the last digit, for a sum and a weighted mean', async () => {
		const code = await createTestIndicator(editor, fields);
		const members = await createUnitMunicipalities(4, (index) => [1_000, 2_500, null, 7][index]);
		const values = ['0.1', '0.2', '0.0000001', '123456.789'];
		await importLongCsv(editor, code, members.map((m, index) => `${m.id},2020,${values[index]},${index === 1 ? 'P' : 'A'}\n${m.id},2021,${values[3 - index]},A`).join('\n') + `\n`);
		const filter = { country: members[0].countryCode };
		const compare = async () => {
			const stored = await observed(code, filter);
			// Without its state row the indicator is rolled up when read, as before decision 0017.
			await getDb().delete(observationRollupState).where(eq(observationRollupState.indicatorCode, code));
			expect(await observed(code, filter)).toEqual(stored);
			await getDb().transaction((tx) => refreshRollups(tx, code));
			expect(await observed(code, filter)).toEqual(stored);
			return stored;
		};
		const sums = await compare();
		expect(sums.some((row) => row[4] === 'rolled_up')).toBe(true);
		// A changed rule is recomputed in the commit that changes it.
		await saveIndicator(as(editor), { code, unit: 'pesos', levels: 'municipality admin1 country', aggregation: 'weighted_mean', source: 'Prueba', 'name.es': 'Gasto' }, { creating: false });
		const means = await compare();
		expect(means).not.toEqual(sums);
	});

	it('lose nothing and double nothing when two refreshes or two reports run at once', async () => {
		const code = await createTestIndicator(editor, fields);
		const [a, b, c] = await createUnitMunicipalities(3);
		const unit = `${a.countryCode}-${a.admin1Code}`;
		await importLongCsv(editor, code, `${a.id},2020,1,A\n`);
		const [first, second] = await Promise.all([officialOf(b.id), officialOf(c.id)]);
		await Promise.all([
			reportMunicipalValue(as(first), b.id, { indicator: code, period: '2020', value: '20' }),
			reportMunicipalValue(as(second), c.id, { indicator: code, period: '2020', value: '300' }),
			getDb().transaction((tx) => refreshRollups(tx, code)),
			getDb().transaction((tx) => refreshRollups(tx, code))
		]);
		expect(await materialised(code, unit)).toEqual([{ period: '2020', value: 321, status: 'P', reported: 3, expected: 3 }]);
		const keys = await getDb().execute(sql`select level, period, territory_id, count(*)::int as n from observation_rollup where indicator_code = ${code} group by 1, 2, 3 having count(*) > 1`);
		expect((keys as unknown as { rows: unknown[] }).rows).toEqual([]);
	});

	it('are materialised by a background job for an indicator that has none (a database migrated from before)', async () => {
		const code = await createTestIndicator(editor, fields);
		const [a] = await createUnitMunicipalities(1);
		await importLongCsv(editor, code, `${a.id},2020,4,A\n`);
		await getDb().delete(observationRollupState).where(eq(observationRollupState.indicatorCode, code));
		await getDb().delete(observationRollup).where(eq(observationRollup.indicatorCode, code));
		expect(await enqueueStaleRollups(getDb())).toBeGreaterThanOrEqual(1);
		await expect.poll(async () => (await materialised(code, `${a.countryCode}-${a.admin1Code}`)).length, { timeout: 30_000, interval: 250 }).toBe(1);
	});
});
