// Expert profiles and their competencies (the only place that touches those tables).
import { asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';
import { experienceListing, expert, expertCompetency, municipality } from '../db/schema';
import type { TExpert } from './schema';

const expertColumns = (value: TExpert) => ({
	name: value.name,
	headline: value.headline,
	bio: value.bio,
	languages: value.languages,
	countries: value.countries,
	municipalityIds: value.municipalityIds,
	experienceIds: value.experienceIds,
	organisationId: value.organisationId ?? null,
	availability: value.availability,
	feeMin: value.feeMin ?? null,
	feeMax: value.feeMax ?? null,
	feeCurrency: value.feeCurrency ?? null,
	email: value.email ?? null,
	phone: value.phone ?? null,
	website: value.website ?? null,
	consentOn: value.consentOn ?? null,
	consentNote: value.consentNote ?? null
});

/** Inserts an expert profile with its competencies; returns its id. */
export async function insertExpert(
	db: Executor,
	value: TExpert,
	meta: { userId: string | null; status: string; proposedBy: string; verifiedBy: string | null; document: SQL }
): Promise<string> {
	const [row] = await db
		.insert(expert)
		.values({
			...expertColumns(value),
			userId: meta.userId,
			status: meta.status,
			proposedBy: meta.proposedBy,
			verifiedBy: meta.verifiedBy,
			verifiedAt: meta.verifiedBy ? new Date() : null,
			document: meta.document
		})
		.returning({ id: expert.id });
	await replaceCompetencies(db, row.id, value.competencies);
	return row.id;
}

/** Replaces a profile's fields and competencies. */
export async function updateExpert(db: Executor, id: string, value: TExpert, document: SQL): Promise<void> {
	await db.update(expert).set({ ...expertColumns(value), document, updatedAt: new Date() }).where(eq(expert.id, id));
	await db.delete(expertCompetency).where(eq(expertCompetency.expertId, id));
	await replaceCompetencies(db, id, value.competencies);
}

/** Replaces only a profile's identity fields (a correction the secretariat applies); the rest stays as it is. */
export async function updateExpertIdentity(
	db: Executor,
	id: string,
	value: { name: string; organisationId: string | null; website: string | null; email: string | null; phone: string | null },
	document: SQL
): Promise<void> {
	await db.update(expert).set({ ...value, document, updatedAt: new Date() }).where(eq(expert.id, id));
}

async function replaceCompetencies(db: Executor, expertId: string, competencies: { theme: string; level: string }[]) {
	if (competencies.length) await db.insert(expertCompetency).values(competencies.map((item) => ({ expertId, ...item })));
}

/** One expert profile (without the CV's bytes) and its competencies. */
export async function selectExpert(db: Executor, id: string) {
	const [row] = await db
		.select({
			id: expert.id,
			userId: expert.userId,
			name: expert.name,
			headline: expert.headline,
			bio: expert.bio,
			languages: expert.languages,
			countries: expert.countries,
			municipalityIds: expert.municipalityIds,
			experienceIds: expert.experienceIds,
			organisationId: expert.organisationId,
			availability: expert.availability,
			feeMin: expert.feeMin,
			feeMax: expert.feeMax,
			feeCurrency: expert.feeCurrency,
			email: expert.email,
			phone: expert.phone,
			website: expert.website,
			consentOn: expert.consentOn,
			consentNote: expert.consentNote,
			cvFileName: expert.cvFileName,
			status: expert.status,
			verifiedAt: expert.verifiedAt,
			rejectionReason: expert.rejectionReason,
			proposedBy: expert.proposedBy,
			isDemo: expert.isDemo,
			createdAt: expert.createdAt,
			updatedAt: expert.updatedAt
		})
		.from(expert)
		.where(eq(expert.id, id))
		.limit(1);
	if (!row) return undefined;
	const competencies = await db
		.select({ theme: expertCompetency.theme, level: expertCompetency.level })
		.from(expertCompetency)
		.where(eq(expertCompetency.expertId, id))
		.orderBy(asc(expertCompetency.theme));
	return { ...row, competencies };
}

/** The profile linked to a user account, if any. */
export async function selectExpertIdOfUser(db: Executor, userId: string): Promise<string | undefined> {
	const [row] = await db.select({ id: expert.id }).from(expert).where(eq(expert.userId, userId)).limit(1);
	return row?.id;
}

/** Stores (or replaces) an expert's CV. */
export async function updateExpertCv(db: Executor, id: string, cv: { fileName: string; contentType: string; bytes: Buffer }): Promise<void> {
	await db.update(expert).set({ cvFileName: cv.fileName, cvContentType: cv.contentType, cv: cv.bytes, updatedAt: new Date() }).where(eq(expert.id, id));
}

/** An expert's CV file. */
export async function selectExpertCv(db: Executor, id: string) {
	const [row] = await db
		.select({ fileName: expert.cvFileName, contentType: expert.cvContentType, bytes: expert.cv, status: expert.status, userId: expert.userId, proposedBy: expert.proposedBy })
		.from(expert)
		.where(eq(expert.id, id))
		.limit(1);
	return row;
}

/** Deletes an expert profile (competencies go with it). */
export async function deleteExpert(db: Executor, id: string): Promise<void> {
	await db.delete(expert).where(eq(expert.id, id));
}

/** Names of the municipalities among the given identifiers that exist. */
export async function selectMunicipalityNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
	if (!ids.length) return new Map();
	const rows = await db.select({ id: municipality.id, name: municipality.name }).from(municipality).where(inArray(municipality.id, ids));
	return new Map(rows.map((row) => [row.id, row.name]));
}

/** Titles (by language) of the published experiences among the given ids. */
export async function selectPublishedExperienceTitles(db: Executor, ids: string[]) {
	if (!ids.length) return new Map<string, { titles: Record<string, string>; originalLocale: string }>();
	const rows = await db
		.select({ id: experienceListing.experienceId, titles: experienceListing.titles, originalLocale: experienceListing.originalLocale })
		.from(experienceListing)
		.where(inArray(experienceListing.experienceId, ids));
	return new Map(rows.map((row) => [row.id, { titles: row.titles, originalLocale: row.originalLocale }]));
}
