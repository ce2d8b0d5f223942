import { describe, expect, it } from 'vitest';
import { chooseMaintenance, type TableActivity } from './maintenance';

const table = (name: string, activity: Partial<TableActivity>): TableActivity => ({ schema: 'public', table: name, estimatedRows: 1000, deadRows: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0, ...activity });
const names = (tables: TableActivity[]) => tables.map((item) => item.table);

describe('chooseMaintenance (autovacuum thresholds)', () => {
	it('analyzes a table filled but never analyzed, and one modified past 50 rows + 10 %', () => {
		const choice = chooseMaintenance([
			table('fresh', { estimatedRows: -1, modifiedSinceAnalyze: 20, insertedSinceVacuum: 20 }),
			table('busy', { modifiedSinceAnalyze: 151 }),
			table('calm', { modifiedSinceAnalyze: 150 }),
			table('empty', { estimatedRows: -1 })
		]);
		expect(names(choice.analyze)).toEqual(['fresh', 'busy']);
		expect(choice.vacuum).toEqual([]);
	});

	it('vacuums past 50 dead rows + 20 % or 1,000 inserted rows + 20 %, and then does not analyze it separately', () => {
		const choice = chooseMaintenance([
			table('deleted', { deadRows: 251, modifiedSinceAnalyze: 5000 }),
			table('almost', { deadRows: 250 }),
			table('loaded', { estimatedRows: -1, insertedSinceVacuum: 1001, modifiedSinceAnalyze: 1001 }),
			table('grown', { insertedSinceVacuum: 1200 })
		]);
		expect(names(choice.vacuum)).toEqual(['deleted', 'loaded']);
		// 'grown' sits exactly at 1,000 + 20 % of 1,000 inserted rows: not past it.
		expect(choice.analyze).toEqual([]);
	});
});
