import type { ServiceContext } from '../context';
import { getDb } from '../db';
import { requireActor } from '../policy';
import * as queries from './account-data-queries';

/** What local statistics hold that the signed-in person wrote, for their data download. */
export async function exportMyStatisticsRecords(ctx: ServiceContext) {
	const actor = requireActor(ctx.actor);
	const db = ctx.tx ?? getDb();
	const [datasets, values] = await Promise.all([queries.selectDatasetsOf(db, actor.id), queries.selectValuesEnteredBy(db, actor.id)]);
	return {
		datasets: datasets.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
		valuesEntered: values.map((row) => ({ ...row, updatedAt: row.updatedAt.toISOString() }))
	};
}
