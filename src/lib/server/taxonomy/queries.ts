import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { taxonomyTerm, type Labels } from '../db/schema';

export type TermRow = typeof taxonomyTerm.$inferSelect;

/** Every term, in facet, parent and position order. */
export async function selectAllTerms(db: Executor): Promise<TermRow[]> {
	return db.select().from(taxonomyTerm).orderBy(asc(taxonomyTerm.facet), asc(taxonomyTerm.parentCode), asc(taxonomyTerm.position));
}

/** One term. */
export async function selectTerm(db: Executor, facet: string, code: string): Promise<TermRow | undefined> {
	const rows = await db
		.select()
		.from(taxonomyTerm)
		.where(and(eq(taxonomyTerm.facet, facet), eq(taxonomyTerm.code, code)))
		.limit(1);
	return rows[0];
}

/**
 * Inserts reference terms and refreshes those nobody edited; returns how many rows were written.
 * Terms an administrator changed keep the administrator's wording.
 */
export async function upsertReferenceTerms(
	db: Executor,
	terms: { facet: string; code: string; parentCode: string | null; position: number; labels: Labels }[]
): Promise<number> {
	if (!terms.length) return 0;
	const rows = await db
		.insert(taxonomyTerm)
		.values(terms)
		.onConflictDoUpdate({
			target: [taxonomyTerm.facet, taxonomyTerm.code],
			set: { labels: sql`excluded.labels`, parentCode: sql`excluded.parent_code`, position: sql`excluded.position` },
			setWhere: and(
				isNull(taxonomyTerm.editedBy),
				sql`(${taxonomyTerm.labels} is distinct from excluded.labels or ${taxonomyTerm.parentCode} is distinct from excluded.parent_code or ${taxonomyTerm.position} is distinct from excluded.position)`
			)
		})
		.returning({ code: taxonomyTerm.code });
	return rows.length;
}

/** Changes the labels and the active flag of a term, recording who edited it. */
export async function updateTerm(
	db: Executor,
	key: { facet: string; code: string },
	values: { labels: Labels; active: boolean; editedBy: string }
): Promise<boolean> {
	const rows = await db
		.update(taxonomyTerm)
		.set({ ...values, editedAt: new Date() })
		.where(and(eq(taxonomyTerm.facet, key.facet), eq(taxonomyTerm.code, key.code)))
		.returning({ code: taxonomyTerm.code });
	return rows.length > 0;
}

/** Adds a term unless the code is taken; returns whether it was added. */
export async function insertTerm(
	db: Executor,
	term: { facet: string; code: string; parentCode: string; position: number; labels: Labels; editedBy: string }
): Promise<boolean> {
	const rows = await db
		.insert(taxonomyTerm)
		.values({ ...term, editedAt: new Date() })
		.onConflictDoNothing()
		.returning({ code: taxonomyTerm.code });
	return rows.length > 0;
}

/** Which of the given codes are active terms of a facet. */
export async function selectActiveTerms(db: Executor, facet: string, codes: string[]): Promise<Set<string>> {
	if (!codes.length) return new Set();
	const rows = await db
		.select({ code: taxonomyTerm.code })
		.from(taxonomyTerm)
		.where(and(eq(taxonomyTerm.facet, facet), eq(taxonomyTerm.active, true), inArray(taxonomyTerm.code, codes)));
	return new Set(rows.map((row) => row.code));
}
