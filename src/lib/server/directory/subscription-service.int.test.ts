import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAdmin, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listAuditEvents } from '../audit';
import { listJobs } from '../jobs';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { proposeCall, proposeInstitution } from './service';
import {
	checkUnsubscribeToken,
	followCall,
	getMySubscription,
	runDeadlineReminders,
	runDigestNow,
	runWeeklyDigest,
	saveMySubscription,
	unsubscribeWithToken
} from './subscription-service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
let secretariat: Actor;
let admin: Actor;

beforeAll(async () => {
	await loadReferenceTaxonomy(getDb());
	secretariat = await createUser({ roles: [{ role: 'secretariat' }] });
	admin = await createAdmin();
});

const mailTo = async (email: string) => (await listMail(as(admin), { to: email })).items;

describe('the weekly digest', () => {
	it('reaches the subscribers whose themes and countries match, once per week, with a working unsubscribe link', async () => {
		const tag = uniqueToken();
		const water = await createUser();
		const housing = await createUser();
		await saveMySubscription(as(water), { themes: 'water-sanitation', countries: 'PE', active: 'on' });
		await saveMySubscription(as(housing), { themes: 'housing', active: 'on' });
		expect(await getMySubscription(as(water))).toMatchObject({ themes: ['water-sanitation'], countries: ['PE'], active: true });
		const { id: funderId } = await proposeInstitution(as(secretariat), { name: `Banco ${tag}`, kind: 'development_bank', countryCode: 'PE' });
		await proposeCall(as(secretariat), { funderId, title: `Agua rural ${tag}`, opensAt: '2026-01-01', closesAt: '2099-01-01', timeZone: 'America/Lima', themes: 'water-sanitation', eligibleCountries: 'PE' });

		const first = await runWeeklyDigest(getDb(), new Date());
		expect(first.sent).toBeGreaterThanOrEqual(1);
		const [digest] = await mailTo(water.email);
		expect(digest.text).toContain(`Agua rural ${tag}`);
		// Other tests may share this database (PostgreSQL tier), so only this call's absence is certain.
		expect((await mailTo(housing.email)).some((mail) => mail.text.includes(`Agua rural ${tag}`))).toBe(false);
		// A second run in the same week (say, after a restart) sends nothing again.
		await runWeeklyDigest(getDb(), new Date());
		expect(await mailTo(water.email)).toHaveLength(1);

		const token = /token=([A-Za-z0-9_-]+)/.exec(digest.text)?.[1];
		expect(await checkUnsubscribeToken({}, token)).toEqual({ active: true });
		await unsubscribeWithToken({}, token);
		expect((await getMySubscription(as(water))).active).toBe(false);
		await expect(unsubscribeWithToken({}, 'not-a-real-token-at-all-1234')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('still includes an institution in a week with more than 2,000 other new entries', async () => {
		const tag = uniqueToken();
		const subscriber = await createUser();
		await saveMySubscription(as(subscriber), { themes: 'housing', countries: 'BO', active: 'on' });
		// 2,001 experts verified this week sort before institutions by type: the old cap of 2,000 dropped every institution.
		await getDb().execute(sql`insert into expert (name, document, status, verified_at)
			select 'Experta ' || g || ' ${sql.raw(tag)}', to_tsvector('simple', 'experta'), 'verified', now() - interval '1 hour' from generate_series(1, 2001) g`);
		await proposeInstitution(as(secretariat), { name: `Vivienda ${tag}`, kind: 'municipal_association', countryCode: 'BO', themes: 'housing' });
		try {
			await runWeeklyDigest(getDb(), new Date());
		} finally {
			// Other test files may share this database (PostgreSQL tier): the bulk experts go again.
			await getDb().execute(sql`delete from expert where name like ${`% ${tag}`}`);
		}
		const mails = await mailTo(subscriber.email);
		expect(mails).toHaveLength(1);
		expect(mails[0].text).toContain(`Vivienda ${tag}`);
	});
});

describe('sending the digest now', () => {
	it('queues it as a job for the secretariat (audited), which the queue runs to the subscribers; others are refused', async () => {
		const tag = uniqueToken();
		const reader = await createUser();
		await saveMySubscription(as(reader), { themes: 'culture-sport', active: 'on' });
		await proposeCall(as(secretariat), { funderId: (await proposeInstitution(as(secretariat), { name: `Fondo ${tag}`, kind: 'foundation', countryCode: 'CL' })).id, title: `Patrimonio ${tag}`, opensAt: '2026-01-01', closesAt: '2099-01-01', timeZone: 'America/Santiago', themes: 'culture-sport' });

		await expect(runDigestNow(as(reader))).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const { jobId } = await runDigestNow(as(secretariat));
		expect(jobId).toEqual(expect.any(String));
		const audit = await listAuditEvents(as(admin), { action: 'digest.requested' });
		expect(audit.items.some((entry) => entry.subjectId === jobId && entry.actorId === secretariat.id)).toBe(true);
		// The request only queued it; the test's workers (polling every 0.5 s) run it.
		await expect.poll(async () => (await listJobs(as(admin), { name: 'directory.weekly-digest', view: 'done', pageSize: '100' })).items.some((job) => job.id === jobId), { timeout: 30_000 }).toBe(true);
		expect((await mailTo(reader.email)).some((mail) => mail.text.includes(`Patrimonio ${tag}`))).toBe(true);
	});
});

describe('deadline reminders', () => {
	it('remind a follower 14 and then 3 days before the call closes, once each, on a controllable clock', async () => {
		const tag = uniqueToken();
		const follower = await createUser();
		const { id: funderId } = await proposeInstitution(as(secretariat), { name: `Fundación ${tag}`, kind: 'foundation', countryCode: 'CL' });
		const { id: callId } = await proposeCall(as(secretariat), { funderId, title: `Plazas ${tag}`, opensAt: '2030-01-01', closesAt: '2030-06-30T18:00', timeZone: 'America/Santiago' });
		await followCall(as(follower), callId, true);
		// Santiago is UTC−4 in June: the call closes at 22:00 UTC.
		await runDeadlineReminders(getDb(), new Date('2030-06-10T00:00:00Z'));
		expect(await mailTo(follower.email)).toEqual([]);
		await runDeadlineReminders(getDb(), new Date('2030-06-17T00:00:00Z'));
		await runDeadlineReminders(getDb(), new Date('2030-06-18T00:00:00Z'));
		expect((await mailTo(follower.email)).map((mail) => mail.subject)).toEqual([expect.stringContaining('14')]);
		await runDeadlineReminders(getDb(), new Date('2030-06-28T00:00:00Z'));
		const mails = await mailTo(follower.email);
		expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('3'), expect.stringContaining('14')]);
		expect(mails[0].text).toContain('2030-06-30 18:00 (America/Santiago)');
		await followCall(as(follower), callId, false);
		await expect(followCall(as(null), callId, true)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});
});
