// Bulk-import jobs and the look-ups their dry run needs.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { cooperationService, expert, importJob, institution } from '../db/schema';

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

/**
 * Stores how many rows an attempt of the commit has gone through, and when. Only for that attempt: a late write of an
 * attempt given up as dead (its server stalled past its heartbeat) does not overwrite the one that runs now.
 */
export async function updateImportProgress(db: Executor, id: string, attempt: number, processed: number): Promise<void> {
	await db
		.update(importJob)
		.set({ processed, progressAt: sql`now()` })
		.where(and(eq(importJob.id, id), eq(importJob.attempt, attempt)));
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

/**
 * Institutions a CSV names by name or acronym (any capitals), or by id when `byId`, not rejected: lower-cased
 * reference → id. As in the forms' look-up of one name, a verified institution wins over a pending one.
 */
export async function selectInstitutionIdsByReference(db: Executor, references: string[], byId = false): Promise<Map<string, string>> {
	const lowered = [...new Set(references.map((reference) => reference.trim().toLowerCase()).filter(Boolean))];
	if (!lowered.length) return new Map();
	const ids = lowered.filter((reference) => byId && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(reference));
	const rows = await db
		.select({ id: institution.id, name: institution.name, acronym: institution.acronym })
		.from(institution)
		.where(
			and(
				sql`(lower(${institution.name}) in ${lowered} or lower(${institution.acronym}) in ${lowered}${ids.length ? sql` or ${institution.id}::text in ${ids}` : sql``})`,
				sql`${institution.status} <> 'rejected'`
			)
		)
		.orderBy(sql`${institution.status} = 'verified' desc`, asc(institution.name));
	const found = new Map<string, string>();
	for (const row of rows) {
		for (const key of [row.name.toLowerCase(), row.acronym?.toLowerCase(), byId ? row.id : undefined]) if (key && !found.has(key)) found.set(key, row.id);
	}
	return found;
}

/** Names and e-mails of the expert profiles not rejected (to find a file's experts already in the directory). */
export async function selectExpertNamesAndEmails(db: Executor): Promise<{ name: string; email: string | null }[]> {
	return db.select({ name: expert.name, email: expert.email }).from(expert).where(sql`${expert.status} <> 'rejected'`);
}

/** Provider and name of the cooperation services not rejected (to find a file's services already in the directory). */
export async function selectServiceNamesByProvider(db: Executor): Promise<{ institutionId: string; name: string }[]> {
	return db
		.select({ institutionId: cooperationService.institutionId, name: cooperationService.name })
		.from(cooperationService)
		.where(sql`${cooperationService.status} <> 'rejected'`);
}
