import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueIp } from '../../../../tests/factories';
import { listAuditEvents } from '../audit';
import type { Actor } from '../context';
import { listMail } from '../mail/service';
import { getAuth } from './auth';
import {
	changeMyName,
	changeMyPassword,
	confirmEmailChange,
	endMyOtherSessions,
	endMySession,
	getAccountDeletion,
	getMyAccount,
	listMySessions,
	previewEmailChange,
	requestEmailChange
} from './self-service';
import { signIn } from './service';

const as = (actor: Actor | null) => ({ actor, locale: 'es' as const });
const origin = (headers = new Headers()) => ({ ip: uniqueIp(), headers });
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

/** Signs in through Better Auth and returns the request headers carrying that session's cookie. */
async function sessionOf(person: { email: string; password: string }, userAgent = FIREFOX): Promise<Headers> {
	const { headers } = await getAuth().api.signInEmail({
		body: { email: person.email, password: person.password },
		headers: new Headers({ 'user-agent': userAgent }),
		returnHeaders: true
	});
	const cookie = /cabildo\.session_token=[^;]+/.exec(headers.get('set-cookie') ?? '');
	if (!cookie) throw new Error('no session cookie');
	return new Headers({ cookie: cookie[0], 'user-agent': userAgent });
}

async function mailTo(email: string) {
	const admin = await createAdmin();
	return (await listMail(as(admin), { to: email })).items;
}

async function auditActions(subject: string) {
	const admin = await createAdmin();
	return (await listAuditEvents(as(admin), { subject })).items.map((event) => event.action);
}

function tokenFrom(text: string): string {
	const match = /token=([^\s&]+)/.exec(text);
	if (!match) throw new Error(`no token in: ${text}`);
	return decodeURIComponent(match[1]);
}

describe('changing one\'s name', () => {
	it('saves a trimmed name and audits it', async () => {
		const person = await createUser();
		await changeMyName(as(person), { name: '  Ana María Quispe  ' });
		expect((await getMyAccount(as(person))).name).toBe('Ana María Quispe');
		expect(await auditActions(person.id)).toContain('account.name_changed');
	});

	it('refuses an empty or too long name, and anonymous visitors', async () => {
		const person = await createUser();
		await expect(changeMyName(as(person), { name: '   ' })).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ field: 'name', messageKey: 'error_field_required' }] });
		await expect(changeMyName(as(person), { name: 'x'.repeat(121) })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'name', messageKey: 'error_field_too_long', params: { max: 120 } }]
		});
		await expect(changeMyName(as(null), { name: 'Nadie' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
	});
});

describe('changing one\'s e-mail address', () => {
	it('mails a link to the new address; the address changes only when it is followed, and the old one is told', async () => {
		const person = await createUser();
		const newEmail = `nueva-${person.email}`;
		await requestEmailChange(as(person), { email: newEmail.toUpperCase(), currentPassword: person.password });
		expect(await getMyAccount(as(person))).toMatchObject({ email: person.email, pendingEmail: newEmail });
		const [message] = await mailTo(newEmail);
		expect(message.subject).toBe('Confirme su nuevo correo en Cabildo');
		const token = tokenFrom(message.text);
		expect(await previewEmailChange(as(null), { token })).toEqual({ newEmail });
		// Following the link needs no session: it may be opened on another device.
		await confirmEmailChange(as(null), { token }, origin());
		expect(await getMyAccount(as({ ...person, email: newEmail }))).toMatchObject({ email: newEmail, pendingEmail: null });
		expect((await mailTo(person.email)).map((item) => item.subject)).toContain('Su correo de Cabildo cambió');
		await expect(signIn(as(null), { email: newEmail, password: person.password }, origin())).resolves.toBeUndefined();
		// A link works once.
		await expect(confirmEmailChange(as(null), { token }, origin())).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
		expect(await auditActions(person.id)).toEqual(expect.arrayContaining(['account.email_change_requested', 'account.email_changed']));
	});

	it('answers the same for an address another account has, changes nothing and tells that address\'s owner', async () => {
		const person = await createUser();
		const other = await createUser();
		await expect(requestEmailChange(as(person), { email: other.email, currentPassword: person.password })).resolves.toBeUndefined();
		expect((await getMyAccount(as(person))).pendingEmail).toBeNull();
		const messages = await mailTo(other.email);
		expect(messages.map((item) => item.subject)).toEqual(['Intento de usar su correo en Cabildo']);
		expect(messages[0].text).not.toContain('token=');
		expect(await auditActions(person.id)).toContain('account.email_change_requested');
	});

	it('refuses a wrong current password, the same address and a bad link', async () => {
		const person = await createUser();
		await expect(requestEmailChange(as(person), { email: `otra-${person.email}`, currentPassword: 'not my password' })).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'currentPassword', messageKey: 'error_current_password_wrong' }]
		});
		await expect(requestEmailChange(as(person), { email: person.email, currentPassword: person.password })).rejects.toMatchObject({
			fields: [{ field: 'email', messageKey: 'error_email_same' }]
		});
		await expect(requestEmailChange(as(person), { email: 'nope', currentPassword: person.password })).rejects.toMatchObject({ fields: [{ field: 'email' }] });
		await expect(previewEmailChange(as(null), { token: 'made-up' })).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
		await expect(confirmEmailChange(as(null), { token: '' }, origin())).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
	});

	it('refuses a link whose address was taken after it was sent', async () => {
		const person = await createUser();
		const newEmail = `tomada-${person.email}`;
		await requestEmailChange(as(person), { email: newEmail, currentPassword: person.password });
		const token = tokenFrom((await mailTo(newEmail))[0].text);
		await createUser({ email: newEmail });
		await expect(confirmEmailChange(as(null), { token }, origin())).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
		expect((await getMyAccount(as(person))).email).toBe(person.email);
	});
});

describe('changing one\'s password', () => {
	it('needs the current password, ends the other sessions and audits it', async () => {
		const person = await createUser();
		const here = await sessionOf(person);
		await sessionOf(person, 'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36');
		expect(await listMySessions(as(person), origin(here))).toHaveLength(2);
		const password = 'a brand new password';
		await expect(changeMyPassword(as(person), { currentPassword: 'wrong password', password, passwordConfirm: password }, origin(here))).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: [{ field: 'currentPassword', messageKey: 'error_current_password_wrong' }]
		});
		await expect(changeMyPassword(as(person), { currentPassword: person.password, password, passwordConfirm: 'other' }, origin(here))).rejects.toMatchObject({
			fields: [{ field: 'passwordConfirm', messageKey: 'error_password_mismatch' }]
		});
		await changeMyPassword(as(person), { currentPassword: person.password, password, passwordConfirm: password }, origin(here));
		// Better Auth ends every session and opens a new one for this browser (its cookie goes back with the answer).
		expect(await listMySessions(as(person), origin())).toHaveLength(1);
		await expect(signIn(as(null), { email: person.email, password }, origin())).resolves.toBeUndefined();
		await expect(signIn(as(null), { email: person.email, password: person.password }, origin())).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		expect(await auditActions(person.id)).toContain('account.password_changed');
	});
});

describe('sessions', () => {
	it('lists one\'s sessions with this one marked, ends one, then all the others', async () => {
		const person = await createUser();
		const here = await sessionOf(person);
		await sessionOf(person, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Version/17.1 Mobile/15E148 Safari/604.1');
		await sessionOf(person, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36');
		const sessions = await listMySessions(as(person), origin(here));
		expect(sessions).toHaveLength(3);
		expect(sessions[0]).toMatchObject({ current: true, device: 'Firefox · Linux' });
		expect(sessions.map((item) => item.device).sort()).toEqual(['Chrome · Windows', 'Firefox · Linux', 'Safari · iOS']);
		expect(sessions[0]).not.toHaveProperty('token');
		const phone = sessions.find((item) => item.device === 'Safari · iOS')!;
		await endMySession(as(person), { sessionId: phone.id });
		expect(await listMySessions(as(person), origin(here))).toHaveLength(2);
		await expect(endMyOtherSessions(as(person), {}, origin(here))).rejects.toMatchObject({ fields: [{ field: 'confirm', messageKey: 'error_confirm_required' }] });
		expect(await endMyOtherSessions(as(person), { confirm: 'on' }, origin(here))).toBe(1);
		expect(await listMySessions(as(person), origin(here))).toMatchObject([{ current: true }]);
		expect(await auditActions(person.id)).toEqual(expect.arrayContaining(['account.session_ended', 'account.sessions_ended']));
	});

	it('never ends another person\'s session', async () => {
		const person = await createUser();
		const other = await createUser();
		const theirs = await sessionOf(other);
		const [session] = await listMySessions(as(other), origin(theirs));
		await expect(endMySession(as(person), { sessionId: session.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		expect(await listMySessions(as(other), origin(theirs))).toHaveLength(1);
	});
});

describe('deletion precondition', () => {
	it('names the last administrator, and only them', async () => {
		const person = await createUser();
		expect(await getAccountDeletion(as(person))).toEqual({ lastAdministrator: false });
		// Other tests create administrators too: with two or more, none is the last.
		const admin = await createAdmin();
		expect(await getAccountDeletion(as(admin))).toEqual({ lastAdministrator: false });
	});
});
