// Bulk-import jobs and the look-ups their dry run needs.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { importJob, institution } from '../db/schema';

/** Stores an uploaded import; returns its id. */
export async function insertImportJob(db: Executor, values: { entryType: string; fileName: string; csv: string; mapping: Record<string, string>; rowCount: number; createdBy: string }): Promise<string> {
	const [row] = await db.insert(importJob).values(values).returning({ id: importJob.id });
	return row.id;
}

/** One import job. */
export async function selectImportJob(db: Executor, id: string) {
	const [row] = await db.select().from(importJob).where(eq(importJob.id, id)).limit(1);
	return row;
}

/** Updates an import job. */
export async function updateImportJob(db: Executor, id: string, values: Partial<typeof importJob.$inferInsert>): Promise<void> {
	await db.update(importJob).set(values).where(eq(importJob.id, id));
}

/** Institution ids by lower-cased name (to find funders named in a CSV). */
export async function selectInstitutionIdsByName(db: Executor, names: string[]): Promise<Map<string, string>> {
	if (!names.length) return new Map();
	const rows = await db
		.select({ id: institution.id, name: institution.name })
		.from(institution)
		.where(and(sql`lower(${institution.name}) in ${names.map((name) => name.toLowerCase())}`, sql`${institution.status} <> 'rejected'`));
	return new Map(rows.map((row) => [row.name.toLowerCase(), row.id]));
}

/** Which (lower-cased name, country) pairs already exist among institutions. */
export async function selectExistingInstitutionKeys(db: Executor): Promise<Set<string>> {
	const rows = await db.select({ name: institution.name, country: institution.countryCode }).from(institution);
	return new Set(rows.map((row) => `${row.name.toLowerCase()}|${row.country}`));
}
