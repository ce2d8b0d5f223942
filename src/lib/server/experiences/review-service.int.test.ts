import { beforeAll, describe, expect, it } from 'vitest';
import { createExperience, createMunicipality, createUser } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { rubricCriteria } from './review-rules';
import { assignReviewer, getEvaluation, getReview, listMyReviews, submitReview, withdrawReviewer } from './review-service';
import { getExperience, transitionExperience } from './service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const rubric = (score: number) =>
	Object.fromEntries(rubricCriteria.flatMap((criterion) => [[criterion, String(score)], [`${criterion}Comment`, `Sobre ${criterion}`]]));

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('assigning reviewers', () => {
	it('assigns a reviewer with a due date and e-mails them the link', async () => {
		const { id, secretariat, title } = await createExperience({ stage: 'in_review' });
		const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		const { id: reviewId } = await assignReviewer(as(secretariat), id, { reviewerEmail: reviewer.email.toUpperCase(), dueOn: '2999-01-31' });
		expect(await listMyReviews(as(reviewer))).toMatchObject([{ id: reviewId, experienceId: id, title, status: 'assigned', dueOn: '2999-01-31' }]);
		const admin = await createUser({ roles: [{ role: 'admin' }] });
		const mail = await listMail(as(admin), { to: reviewer.email });
		expect(mail.items[0]).toMatchObject({ to: reviewer.email, subject: expect.stringContaining(title) });
	});

	it('refuses authors, officials of the same municipality, people without the reviewer role, and duplicates', async () => {
		const { id, secretariat, author, place } = await createExperience({ stage: 'in_review' });
		const sameTown = await createUser({ roles: [{ role: 'reviewer' }, { role: 'municipal_official', municipalityId: place.id }] });
		const member = await createUser();
		const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		const assign = (email: string) => assignReviewer(as(secretariat), id, { reviewerEmail: email, dueOn: '2999-01-31' });

		await expect(assign(author.email)).rejects.toMatchObject({ code: 'VALIDATION' }); // not a reviewer at all
		await getDb().execute(`insert into role_grant (user_id, role) values ('${author.id}', 'reviewer')`);
		await expect(assign(author.email)).rejects.toMatchObject({ code: 'CONFLICT', details: { conflict: 'author' } });
		await expect(assign(sameTown.email)).rejects.toMatchObject({ code: 'CONFLICT', details: { conflict: 'same_municipality' } });
		await expect(assign(member.email)).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'reviewerEmail', messageKey: 'error_reviewer_unknown' }] });
		await assign(reviewer.email);
		await expect(assign(reviewer.email)).rejects.toMatchObject({ code: 'CONFLICT', fields: [{ messageKey: 'error_reviewer_already_assigned' }] });
	});

	it('only the secretariat assigns, only while in review, never with a past due date', async () => {
		const draft = await createExperience({ stage: 'submitted' });
		const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		await expect(assignReviewer(as(draft.secretariat), draft.id, { reviewerEmail: reviewer.email, dueOn: '2999-01-31' })).rejects.toMatchObject({
			code: 'CONFLICT'
		});
		const inReview = await createExperience({ stage: 'in_review' });
		await expect(assignReviewer(as(inReview.author), inReview.id, { reviewerEmail: reviewer.email, dueOn: '2999-01-31' })).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		await expect(assignReviewer(as(inReview.secretariat), inReview.id, { reviewerEmail: reviewer.email, dueOn: '2001-01-01' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'dueOn' }]
		});
	});
});

describe('reviewing', () => {
	it('takes one rubric from the assigned reviewer; a second one is a conflict and someone else is forbidden', async () => {
		const { id, secretariat } = await createExperience({ stage: 'in_review' });
		const reviewer = await createUser({ roles: [{ role: 'reviewer' }] });
		const other = await createUser({ roles: [{ role: 'reviewer' }] });
		const { id: reviewId } = await assignReviewer(as(secretariat), id, { reviewerEmail: reviewer.email, dueOn: '2999-01-31' });

		await expect(submitReview(as(other), reviewId, rubric(4))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(submitReview(as(reviewer), reviewId, { ...rubric(4), relevance: '6' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'relevance', messageKey: 'error_score_invalid' }]
		});
		await submitReview(as(reviewer), reviewId, rubric(4));
		await expect(submitReview(as(reviewer), reviewId, rubric(5))).rejects.toMatchObject({ code: 'CONFLICT' });
		expect((await getReview(as(reviewer), reviewId)).scores?.relevance).toEqual({ score: 4, comment: 'Sobre relevance' });
		await expect(getReview(as(other), reviewId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(withdrawReviewer(as(secretariat), reviewId)).rejects.toMatchObject({ code: 'CONFLICT' });
	});

	it('a reviewer sees only their own scores; the secretariat sees every review', async () => {
		const { id, secretariat } = await createExperience({ stage: 'in_review' });
		const first = await createUser({ roles: [{ role: 'reviewer' }] });
		const second = await createUser({ roles: [{ role: 'reviewer' }] });
		const a = await assignReviewer(as(secretariat), id, { reviewerEmail: first.email, dueOn: '2999-01-31' });
		await assignReviewer(as(secretariat), id, { reviewerEmail: second.email, dueOn: '2999-01-31' });
		await submitReview(as(first), a.id, rubric(5));

		const seenBySecond = await getEvaluation(as(second), id);
		expect(seenBySecond.assignments).toHaveLength(1);
		expect(seenBySecond.assignments[0]).toMatchObject({ status: 'assigned', scores: null });
		expect(seenBySecond.summary).toBeNull();
		const seenBySecretariat = await getEvaluation(as(secretariat), id);
		expect(seenBySecretariat.assignments.map((row) => row.status).sort()).toEqual(['assigned', 'submitted']);
		expect(seenBySecretariat.summary?.overall).toBe(5);
	});

	it('publishing needs two submitted reviews; a withdrawn assignment does not count', async () => {
		const { id, secretariat } = await createExperience({ stage: 'in_review' });
		const first = await createUser({ roles: [{ role: 'reviewer' }] });
		const second = await createUser({ roles: [{ role: 'reviewer' }] });
		const a = await assignReviewer(as(secretariat), id, { reviewerEmail: first.email, dueOn: '2999-01-31' });
		const b = await assignReviewer(as(secretariat), id, { reviewerEmail: second.email, dueOn: '2999-01-31' });
		await submitReview(as(first), a.id, rubric(3));
		await expect(transitionExperience(as(secretariat), id, { action: 'publish' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await withdrawReviewer(as(secretariat), b.id);
		await expect(submitReview(as(second), b.id, rubric(3))).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const third = await createUser({ roles: [{ role: 'reviewer' }] });
		const c = await assignReviewer(as(secretariat), id, { reviewerEmail: third.email, dueOn: '2999-01-31' });
		await submitReview(as(third), c.id, rubric(5));
		await transitionExperience(as(secretariat), id, { action: 'publish' });
		const evaluation = await getEvaluation(as(null), id);
		expect(evaluation).toMatchObject({ summary: { reviews: 2, overall: 4 }, recognised: true, assignments: [] });
	});
});

describe('who sees an experience in review', () => {
	it('its authors, officials of its municipality, assigned reviewers and the secretariat; nobody else', async () => {
		const { id, secretariat, author, place } = await createExperience({ stage: 'in_review' });
		const colleague = await createUser({ roles: [{ role: 'municipal_official', municipalityId: place.id }] });
		const otherOfficial = await createUser({ roles: [{ role: 'municipal_official', municipalityId: (await createMunicipality()).id }] });
		const assigned = await createUser({ roles: [{ role: 'reviewer' }] });
		const notAssigned = await createUser({ roles: [{ role: 'reviewer' }] });
		await assignReviewer(as(secretariat), id, { reviewerEmail: assigned.email, dueOn: '2999-01-31' });

		for (const reader of [author, colleague, assigned, secretariat]) {
			expect((await getExperience(as(reader), id)).id).toBe(id);
		}
		for (const reader of [otherOfficial, notAssigned, null]) {
			await expect(getExperience(as(reader), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
			await expect(getEvaluation(as(reader), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
		}
	});
});
