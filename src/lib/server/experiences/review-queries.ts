import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { experience, experienceReview, experienceText, platformSetting, roleGrant, user } from '../db/schema';

/** The user with that address and whether they hold the reviewer role (or admin). */
export async function selectReviewerByEmail(db: Executor, email: string) {
	const [row] = await db.select({ id: user.id, email: user.email, name: user.name }).from(user).where(eq(user.email, email)).limit(1);
	if (!row) return undefined;
	const roles = await db
		.select({ role: roleGrant.role, subRole: roleGrant.subRole, municipalityId: roleGrant.municipalityId })
		.from(roleGrant)
		.where(eq(roleGrant.userId, row.id));
	return { ...row, roles };
}

/** Any assignment (withdrawn included) of this reviewer to this experience. */
export async function selectAssignment(db: Executor, experienceId: string, reviewerId: string) {
	const [row] = await db
		.select()
		.from(experienceReview)
		.where(and(eq(experienceReview.experienceId, experienceId), eq(experienceReview.reviewerId, reviewerId)))
		.limit(1);
	return row;
}

/** Assigns (or re-assigns a withdrawn) reviewer; returns the assignment id. */
export async function upsertAssignment(db: Executor, values: { experienceId: string; reviewerId: string; assignedBy: string; dueOn: string }): Promise<string> {
	const [row] = await db
		.insert(experienceReview)
		.values({ ...values, status: 'assigned' })
		.onConflictDoUpdate({
			target: [experienceReview.experienceId, experienceReview.reviewerId],
			set: { status: 'assigned', dueOn: values.dueOn, assignedBy: values.assignedBy, assignedAt: new Date(), scores: null, submittedAt: null }
		})
		.returning({ id: experienceReview.id });
	return row.id;
}

/** One assignment, locked so a review cannot be submitted twice at once. */
export async function selectReviewForUpdate(db: Executor, id: string) {
	const [row] = await db.select().from(experienceReview).where(eq(experienceReview.id, id)).for('update').limit(1);
	return row;
}

/** One assignment without a lock. */
export async function selectReview(db: Executor, id: string) {
	const [row] = await db.select().from(experienceReview).where(eq(experienceReview.id, id)).limit(1);
	return row;
}

/** Stores a reviewer's scores and marks the assignment submitted. */
export async function markReviewSubmitted(db: Executor, id: string, scores: Record<string, { score: number; comment: string }>): Promise<void> {
	await db.update(experienceReview).set({ status: 'submitted', scores, submittedAt: new Date() }).where(eq(experienceReview.id, id));
}

/** Withdraws an assignment that has not been submitted. */
export async function markReviewWithdrawn(db: Executor, id: string): Promise<void> {
	await db.update(experienceReview).set({ status: 'withdrawn' }).where(eq(experienceReview.id, id));
}

/** A reviewer's assignments, open ones first, with the experience's original title and state. */
export async function selectAssignmentsOf(db: Executor, reviewerId: string) {
	return db
		.select({
			id: experienceReview.id,
			experienceId: experienceReview.experienceId,
			status: experienceReview.status,
			dueOn: experienceReview.dueOn,
			assignedAt: experienceReview.assignedAt,
			submittedAt: experienceReview.submittedAt,
			title: experienceText.title,
			state: experience.state
		})
		.from(experienceReview)
		.innerJoin(experience, eq(experience.id, experienceReview.experienceId))
		.innerJoin(experienceText, and(eq(experienceText.experienceId, experience.id), eq(experienceText.isOriginal, true)))
		.where(and(eq(experienceReview.reviewerId, reviewerId), sql`${experienceReview.status} <> 'withdrawn'`))
		.orderBy(sql`${experienceReview.status} = 'submitted'`, asc(experienceReview.dueOn))
		.limit(500);
}

/** The assignments of one experience with the reviewers' names, for the secretariat. */
export async function selectAssignmentsFor(db: Executor, experienceId: string) {
	return db
		.select({
			id: experienceReview.id,
			reviewerId: experienceReview.reviewerId,
			reviewerName: user.name,
			reviewerEmail: user.email,
			status: experienceReview.status,
			dueOn: experienceReview.dueOn,
			scores: experienceReview.scores,
			submittedAt: experienceReview.submittedAt
		})
		.from(experienceReview)
		// A left join: a reviewer who deleted their account leaves the review, without a name ("former user").
		.leftJoin(user, eq(user.id, experienceReview.reviewerId))
		.where(and(eq(experienceReview.experienceId, experienceId), sql`${experienceReview.status} <> 'withdrawn'`))
		.orderBy(asc(experienceReview.assignedAt));
}

/** The e-mail addresses of the secretariat (and admins), to tell them a review arrived. */
export async function selectSecretariatEmails(db: Executor): Promise<string[]> {
	const rows = await db
		.selectDistinct({ email: user.email })
		.from(roleGrant)
		.innerJoin(user, eq(user.id, roleGrant.userId))
		.where(sql`${roleGrant.role} in ('secretariat', 'admin')`);
	return rows.map((row) => row.email);
}

/** A stored setting's value, or undefined. */
export async function selectSetting(db: Executor, key: string): Promise<unknown> {
	const [row] = await db.select({ value: platformSetting.value }).from(platformSetting).where(eq(platformSetting.key, key)).limit(1);
	return row?.value;
}

/** Stores a setting. */
export async function upsertSetting(db: Executor, key: string, value: unknown, updatedBy: string): Promise<void> {
	await db
		.insert(platformSetting)
		.values({ key, value, updatedBy })
		.onConflictDoUpdate({ target: platformSetting.key, set: { value, updatedBy, updatedAt: new Date() } });
}
