import { describe, expect, it } from 'vitest';
import { StagingBatch } from './staging-batch';

const observation = (territoryId: string, value: number | null, note: string | null = null) => ({ indicatorCode: 'POVERTY_RATE', level: 'municipality' as const, territoryId, period: '2020', value, status: 'A', note });

describe('StagingBatch', () => {
	it('writes rows as one JSON array and starts again empty after each take', () => {
		const batch = new StagingBatch();
		expect(batch.take()).toBe('[]');
		batch.add(observation('CL-13101', 1.5));
		batch.add(observation('CL-13120', null, 'Ñuñoa: "estimado"'));
		expect(batch.size).toBe(2);
		expect(JSON.parse(batch.take())).toEqual([
			['POVERTY_RATE', 'municipality', 'CL-13101', '2020', 1.5, 'A', null],
			['POVERTY_RATE', 'municipality', 'CL-13120', '2020', null, 'A', 'Ñuñoa: "estimado"']
		]);
		expect(batch.size).toBe(0);
		batch.add(observation('CO-05001', 2));
		expect(JSON.parse(batch.take())).toEqual([['POVERTY_RATE', 'municipality', 'CO-05001', '2020', 2, 'A', null]]);
	});

	it('grows past its first megabyte without losing a row', () => {
		const batch = new StagingBatch();
		const note = 'ã'.repeat(1000);
		for (let index = 0; index < 2000; index++) batch.add(observation(`CL-${index}`, index, note));
		const rows = JSON.parse(batch.take()) as unknown[][];
		expect(rows).toHaveLength(2000);
		expect(rows[1999]).toEqual(['POVERTY_RATE', 'municipality', 'CL-1999', '2020', 1999, 'A', note]);
	});
});
