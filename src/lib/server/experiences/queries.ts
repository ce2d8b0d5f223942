import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import {
	experience,
	experienceAttachment,
	experienceAuthor,
	experienceEvent,
	experienceMunicipality,
	experienceReview,
	experienceVersion,
	experienceTerm,
	experienceText,
	municipality,
	roleGrant,
	user
} from '../db/schema';
import type { TExperienceDraft } from './schema';

const textColumns = (draft: TExperienceDraft) => ({
	title: draft.title,
	summary: draft.summary,
	context: draft.context,
	objectives: draft.objectives,
	actors: draft.actors,
	participation: draft.participation,
	resources: draft.resources,
	lessons: draft.lessons,
	replication: draft.replication
});

const structuredColumns = (draft: TExperienceDraft) => ({
	budgetAmount: draft.budgetAmount === undefined ? null : String(draft.budgetAmount),
	budgetCurrency: draft.budgetCurrency ?? null,
	startDate: draft.startDate ?? null,
	endDate: draft.endDate ?? null,
	ongoing: draft.ongoing,
	contactName: draft.contactName ?? null,
	contactEmail: draft.contactEmail ?? null,
	leadInstitution: draft.leadInstitution || null,
	results: draft.results,
	links: draft.links
});

/** Inserts a new draft with its original text, municipalities, tags and first author; returns its id. */
export async function insertDraft(db: Executor, draft: TExperienceDraft, authorId: string): Promise<string> {
	const [row] = await db
		.insert(experience)
		.values({ ...structuredColumns(draft), originalLocale: draft.locale, createdBy: authorId })
		.returning({ id: experience.id });
	await db.insert(experienceText).values({ experienceId: row.id, locale: draft.locale, isOriginal: true, ...textColumns(draft) });
	await db.insert(experienceAuthor).values({ experienceId: row.id, userId: authorId });
	await replaceLinks(db, row.id, draft);
	return row.id;
}

/** Replaces a draft's content (original text, structured fields, municipalities and tags). */
export async function updateDraft(db: Executor, id: string, draft: TExperienceDraft, extra: { version?: number } = {}): Promise<void> {
	await db.update(experience).set({ ...structuredColumns(draft), ...extra, updatedAt: new Date() }).where(eq(experience.id, id));
	await db
		.update(experienceText)
		.set({ ...textColumns(draft), updatedAt: new Date() })
		.where(and(eq(experienceText.experienceId, id), eq(experienceText.isOriginal, true)));
	await db.delete(experienceMunicipality).where(eq(experienceMunicipality.experienceId, id));
	await db.delete(experienceTerm).where(eq(experienceTerm.experienceId, id));
	await replaceLinks(db, id, draft);
}

async function replaceLinks(db: Executor, id: string, draft: TExperienceDraft): Promise<void> {
	if (draft.municipalityIds.length) {
		await db.insert(experienceMunicipality).values(draft.municipalityIds.map((municipalityId) => ({ experienceId: id, municipalityId })));
	}
	const terms = [
		...draft.themes.map((code) => ({ experienceId: id, facet: 'theme', code })),
		...draft.sdgs.map((code) => ({ experienceId: id, facet: 'sdg', code }))
	];
	if (terms.length) await db.insert(experienceTerm).values(terms).onConflictDoNothing();
}

/** The stored experience with its texts, links and authors, or undefined. */
export async function selectExperience(db: Executor, id: string) {
	const [row] = await db.select().from(experience).where(eq(experience.id, id)).limit(1);
	if (!row) return undefined;
	// One after another: inside a transaction the pg client runs one query at a time anyway.
	const texts = await db.select().from(experienceText).where(eq(experienceText.experienceId, id));
	const municipalities = await db
		.select({ id: municipality.id, name: municipality.name, countryCode: municipality.countryCode, population: municipality.population })
		.from(experienceMunicipality)
		.innerJoin(municipality, eq(municipality.id, experienceMunicipality.municipalityId))
		.where(eq(experienceMunicipality.experienceId, id));
	const terms = await db
		.select({ facet: experienceTerm.facet, code: experienceTerm.code })
		.from(experienceTerm)
		.where(eq(experienceTerm.experienceId, id));
	const authors = await db.select({ userId: experienceAuthor.userId }).from(experienceAuthor).where(eq(experienceAuthor.experienceId, id));
	const reviews = await db
		.select({ id: experienceReview.id, reviewerId: experienceReview.reviewerId, status: experienceReview.status, scores: experienceReview.scores })
		.from(experienceReview)
		.where(and(eq(experienceReview.experienceId, id), ne(experienceReview.status, 'withdrawn')));
	return { row, texts, municipalities, terms, authorIds: authors.map((author) => author.userId), reviews };
}

/** The current state, read with a row lock so two decisions cannot cross. */
export async function selectStateForUpdate(db: Executor, id: string): Promise<string | undefined> {
	const rows = await db.select({ state: experience.state }).from(experience).where(eq(experience.id, id)).for('update');
	return rows[0]?.state;
}

/** Moves an experience to a new state and records the event. */
export async function recordTransition(
	db: Executor,
	event: { experienceId: string; action: string; fromState: string; toState: string; actorId: string; comment: string | null }
): Promise<void> {
	await db
		.update(experience)
		.set({
			state: event.toState,
			updatedAt: new Date(),
			...(event.toState === 'published' ? { publishedAt: sql`coalesce(${experience.publishedAt}, now())` } : {})
		})
		.where(eq(experience.id, event.experienceId));
	await db.insert(experienceEvent).values(event);
}

/** The history of an experience, oldest first, with who acted. */
export async function selectEvents(db: Executor, id: string) {
	return db
		.select({
			action: experienceEvent.action,
			fromState: experienceEvent.fromState,
			toState: experienceEvent.toState,
			actorName: user.name,
			comment: experienceEvent.comment,
			occurredAt: experienceEvent.occurredAt
		})
		.from(experienceEvent)
		.leftJoin(user, eq(user.id, experienceEvent.actorId))
		.where(eq(experienceEvent.experienceId, id))
		.orderBy(asc(experienceEvent.occurredAt));
}

/** Addresses to notify: the authors and the officials of the experience's municipalities. */
export async function selectNotifiedEmails(db: Executor, authorIds: string[], municipalityIds: string[]): Promise<string[]> {
	const authors = authorIds.length ? await db.select({ email: user.email }).from(user).where(inArray(user.id, authorIds)) : [];
	const officials = municipalityIds.length
		? await db
				.select({ email: user.email })
				.from(roleGrant)
				.innerJoin(user, eq(user.id, roleGrant.userId))
				.where(and(eq(roleGrant.role, 'municipal_official'), inArray(roleGrant.municipalityId, municipalityIds)))
		: [];
	return [...new Set([...authors, ...officials].map((row) => row.email))];
}

/** Which of the given municipality ids exist. */
export async function selectExistingMunicipalities(db: Executor, ids: string[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows = await db.select({ id: municipality.id }).from(municipality).where(inArray(municipality.id, ids));
	return new Set(rows.map((row) => row.id));
}

/** A page of experiences for the work list: all of them (scope null) or those written by a user or for their municipalities. */
export async function selectWorkList(
	db: Executor,
	options: { scope: { userId: string; municipalityIds: string[] } | null; state?: string; limit: number; offset: number }
) {
	const conditions = [];
	if (options.state) conditions.push(eq(experience.state, options.state));
	if (options.scope) {
		const { userId, municipalityIds } = options.scope;
		conditions.push(
			sql`(exists (select 1 from ${experienceAuthor} where ${experienceAuthor.experienceId} = ${experience.id} and ${experienceAuthor.userId} = ${userId})${
				municipalityIds.length
					? sql` or exists (select 1 from ${experienceMunicipality} where ${experienceMunicipality.experienceId} = ${experience.id} and ${inArray(experienceMunicipality.municipalityId, municipalityIds)})`
					: sql``
			})`
		);
	}
	return db
		.select({
			id: experience.id,
			state: experience.state,
			updatedAt: experience.updatedAt,
			title: experienceText.title,
			submittedReviews: sql<number>`(select count(*)::int from ${experienceReview} where ${experienceReview.experienceId} = ${experience.id} and ${experienceReview.status} = 'submitted')`,
			assignedReviews: sql<number>`(select count(*)::int from ${experienceReview} where ${experienceReview.experienceId} = ${experience.id} and ${experienceReview.status} <> 'withdrawn')`,
			total: sql<number>`count(*) over ()::int`
		})
		.from(experience)
		.innerJoin(experienceText, and(eq(experienceText.experienceId, experience.id), eq(experienceText.isOriginal, true)))
		.where(conditions.length ? and(...conditions) : undefined)
		.orderBy(sql`${experience.updatedAt} desc`)
		.limit(options.limit)
		.offset(options.offset);
}

/** Keeps the content an edit after publication replaces. */
export async function insertVersion(db: Executor, values: { experienceId: string; version: number; snapshot: Record<string, unknown>; createdBy: string }): Promise<void> {
	await db.insert(experienceVersion).values(values);
}

/** The kept versions of an experience, newest first, with who replaced each. */
export async function selectVersions(db: Executor, experienceId: string) {
	return db
		.select({ version: experienceVersion.version, createdAt: experienceVersion.createdAt, createdBy: user.name })
		.from(experienceVersion)
		.leftJoin(user, eq(user.id, experienceVersion.createdBy))
		.where(eq(experienceVersion.experienceId, experienceId))
		.orderBy(sql`${experienceVersion.version} desc`);
}

/** One kept version. */
export async function selectVersion(db: Executor, experienceId: string, version: number) {
	const [row] = await db
		.select()
		.from(experienceVersion)
		.where(and(eq(experienceVersion.experienceId, experienceId), eq(experienceVersion.version, version)))
		.limit(1);
	return row;
}

/** Writes (or replaces) the translation of an experience into one language. */
export async function upsertTranslation(db: Executor, experienceId: string, text: Omit<typeof experienceText.$inferInsert, 'experienceId' | 'isOriginal'>): Promise<void> {
	await db
		.insert(experienceText)
		.values({ ...text, experienceId, isOriginal: false })
		.onConflictDoUpdate({ target: [experienceText.experienceId, experienceText.locale], set: { ...text, updatedAt: new Date() } });
}

/** Sets when an experience was published (demo data spreads its records over past months). */
export async function updatePublishedAt(db: Executor, experienceId: string, publishedAt: Date): Promise<void> {
	await db.update(experience).set({ publishedAt }).where(eq(experience.id, experienceId));
}

/** Marks an experience as demonstration data. */
export async function markDemo(db: Executor, experienceId: string): Promise<void> {
	await db.update(experience).set({ isDemo: true }).where(eq(experience.id, experienceId));
}

/** Deletes every demonstration experience (with its texts, reviews and the rest, by cascade); returns how many. */
export async function deleteDemoExperiences(db: Executor): Promise<number> {
	const rows = await db.delete(experience).where(eq(experience.isDemo, true)).returning({ id: experience.id });
	return rows.length;
}

/** Stores an attachment; returns its id. */
export async function insertAttachment(
	db: Executor,
	values: { experienceId: string; fileName: string; contentType: string; byteSize: number; sha256: string; content: Buffer; uploadedBy: string }
): Promise<string> {
	const [row] = await db.insert(experienceAttachment).values(values).returning({ id: experienceAttachment.id });
	return row.id;
}

/** The attachments of an experience, without their content. */
export async function selectAttachments(db: Executor, experienceId: string) {
	return db
		.select({
			id: experienceAttachment.id,
			fileName: experienceAttachment.fileName,
			contentType: experienceAttachment.contentType,
			byteSize: experienceAttachment.byteSize,
			uploadedAt: experienceAttachment.uploadedAt
		})
		.from(experienceAttachment)
		.where(eq(experienceAttachment.experienceId, experienceId))
		.orderBy(asc(experienceAttachment.uploadedAt));
}

/** One attachment with its content. */
export async function selectAttachment(db: Executor, id: string) {
	const [row] = await db.select().from(experienceAttachment).where(eq(experienceAttachment.id, id)).limit(1);
	return row;
}

/** Deletes one attachment. */
export async function deleteAttachment(db: Executor, id: string): Promise<void> {
	await db.delete(experienceAttachment).where(eq(experienceAttachment.id, id));
}
