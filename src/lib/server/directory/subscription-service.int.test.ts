import { beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueToken } from '../../../../tests/factories';
import type { Actor } from '../context';
import { getDb } from '../db';
import { listMail } from '../mail/service';
import { loadReferenceTaxonomy } from '../taxonomy/service';
import { proposeCall, proposeInstitution } from './service';
import {
	checkUnsubscribeToken,
	followCall,
	getMySubscription,
	runDeadlineReminders,
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
