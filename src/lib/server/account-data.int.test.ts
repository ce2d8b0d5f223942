import { and, eq, ne } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createExperience, createUser, uniqueIp, uniqueToken } from '../../../tests/factories';
import { deleteMyAccount, exportMyData } from './account-data';
import { listAuditEvents } from './audit';
import type { Actor } from './context';
import { getDb } from './db';
import { roleGrant, session, subscription, user } from './db/schema';
import { createExpertProfile, getExpertProfile, saveMySubscription } from './directory';
import { askQuestion, getEvaluation, getExperience, listQuestions } from './experiences';
import { loadReferenceTaxonomy } from './taxonomy';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const origin = () => ({ ip: uniqueIp(), headers: new Headers() });

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
});

describe('downloading one\'s data', () => {
	it('holds the account, roles, sessions, audit events and what they wrote in every domain, and is audited', async () => {
		const { id, title, author } = await createExperience();
		await askQuestion(as(author), id, { body: '¿Cuánto costó la primera etapa?' });
		const { id: expertId } = await createExpertProfile(as(author), { name: `Experta ${uniqueToken()}` });
		const data = await exportMyData(as(author), origin());
		expect(data).toMatchObject({
			format: 'cabildo-account-data/1',
			account: { id: author.id, name: author.name, email: author.email },
			roles: [{ role: 'municipal_official', municipalityId: author.roles[0].municipalityId }],
			experiences: { experiences: [{ id, title, state: 'published', role: 'creator' }], questions: [{ experienceId: id, body: '¿Cuánto costó la primera etapa?' }] },
			directory: { expertProfile: { profile: { id: expertId } } },
			statistics: { datasets: [], valuesEntered: [] }
		});
		expect(data.auditEvents.map((event) => event.action)).toContain('account.data_downloaded');
		expect(JSON.stringify(data)).not.toMatch(/password|token/i);
	});

	it('is for signed-in people only', async () => {
		await expect(exportMyData(as(null), origin())).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});
});

describe('deleting one\'s account', () => {
	it('deletes the account, sessions, grants, subscription and expert profile; what they wrote stays, by a "former user"', async () => {
		const { id, author, secretariat, reviewers } = await createExperience();
		const { id: expertId } = await createExpertProfile(as(author), { name: `Experto ${uniqueToken()}` });
		await saveMySubscription(as(author), { active: 'on', themes: 'citizen-participation', countries: '' });
		const asker = await createUser();
		await askQuestion(as(asker), id, { body: '¿Dónde se puede ver el reglamento?' });
		await getDb().insert(session).values({ id: crypto.randomUUID(), token: uniqueToken(32), userId: author.id, expiresAt: new Date(Date.now() + 86_400_000) });

		await deleteMyAccount(as(author), { currentPassword: author.password, confirm: 'on' });
		await deleteMyAccount(as(asker), { currentPassword: asker.password, confirm: 'on' });
		await deleteMyAccount(as(reviewers[0]), { currentPassword: reviewers[0].password, confirm: 'on' });

		const db = getDb();
		expect(await db.select().from(user).where(eq(user.id, author.id))).toEqual([]);
		expect(await db.select().from(session).where(eq(session.userId, author.id))).toEqual([]);
		expect(await db.select().from(roleGrant).where(eq(roleGrant.userId, author.id))).toEqual([]);
		expect(await db.select().from(subscription).where(eq(subscription.userId, author.id))).toEqual([]);
		await expect(getExpertProfile(as(secretariat), expertId)).rejects.toMatchObject({ code: 'NOT_FOUND' });

		// The experience stays published; its history names a former user where the author acted.
		const record = await getExperience(as(secretariat), id);
		expect(record.history.find((event) => event.action === 'submit')?.by).toBe('Antiguo usuario');
		expect((await getExperience({ actor: secretariat, locale: 'en' }, id)).history.find((event) => event.action === 'submit')?.by).toBe('Former user');
		// The question stays, without a name (the page shows "former user"); the submitted review still counts.
		expect((await listQuestions(as(null), id)).items).toMatchObject([{ body: '¿Dónde se puede ver el reglamento?', askedBy: null }]);
		const evaluation = await getEvaluation(as(secretariat), id);
		expect(evaluation.summary?.reviews).toBe(2);
		expect(evaluation.assignments.map((assignment) => assignment.reviewerName)).toContain(null);

		const admin = await createAdmin();
		const events = (await listAuditEvents(as(admin), { subject: author.id, action: 'account.deleted' })).items;
		expect(events).toMatchObject([{ actorId: null, subjectType: 'user', subjectId: author.id, details: {} }]);
	});

	it('refuses a wrong password and a missing confirmation, and deletes nothing', async () => {
		const person = await createUser();
		await expect(deleteMyAccount(as(person), { currentPassword: 'not the password', confirm: 'on' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'currentPassword', messageKey: 'error_current_password_wrong' }]
		});
		await expect(deleteMyAccount(as(person), { currentPassword: person.password })).rejects.toMatchObject({
			fields: [{ field: 'confirm', messageKey: 'error_confirm_required' }]
		});
		await expect(deleteMyAccount(as(null), { currentPassword: 'x', confirm: 'on' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
		expect(await getDb().select({ id: user.id }).from(user).where(eq(user.id, person.id))).toHaveLength(1);
	});

	it('refuses the last administrator', async () => {
		const admin = await createAdmin();
		// Other tests create administrators in the same database: inside a transaction that is rolled back, this one
		// is made the only one.
		const attempt = getDb().transaction(async (tx) => {
			await tx.delete(roleGrant).where(and(eq(roleGrant.role, 'admin'), ne(roleGrant.userId, admin.id)));
			await deleteMyAccount({ ...as(admin), tx }, { currentPassword: admin.password, confirm: 'on' });
		});
		await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', fields: [{ field: 'confirm', messageKey: 'error_last_admin_delete' }] });
		expect(await getDb().select({ id: user.id }).from(user).where(eq(user.id, admin.id))).toHaveLength(1);
		// With another administrator, the same deletion goes through.
		await createAdmin();
		await deleteMyAccount(as(admin), { currentPassword: admin.password, confirm: 'on' });
		expect(await getDb().select({ id: user.id }).from(user).where(eq(user.id, admin.id))).toEqual([]);
	});
});
