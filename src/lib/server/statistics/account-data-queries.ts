import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../db';
import { dataset, observation } from '../db/schema';

/** Datasets a user uploaded (not their files: the dataset page serves those). */
export async function selectDatasetsOf(db: Executor, userId: string) {
	return db
		.select({ id: dataset.id, title: dataset.title, fileName: dataset.fileName, status: dataset.status, createdAt: dataset.createdAt })
		.from(dataset)
		.where(eq(dataset.createdBy, userId))
		.orderBy(asc(dataset.createdAt));
}

/** Values a user entered by hand (reported by an official, not imported), newest first, 5,000 at most. */
export async function selectValuesEnteredBy(db: Executor, userId: string) {
	return db
		.select({ indicatorCode: observation.indicatorCode, level: observation.level, territoryId: observation.territoryId, period: observation.period, value: observation.value, status: observation.status, updatedAt: observation.updatedAt })
		.from(observation)
		.where(and(eq(observation.updatedBy, userId), isNull(observation.datasetId)))
		.orderBy(desc(observation.updatedAt))
		.limit(5000);
}
