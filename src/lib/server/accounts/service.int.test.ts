import { describe, expect, it } from 'vitest';
import { createAdmin, createUser, uniqueIp, uniqueToken } from '../../../../tests/factories';
import { listMail } from '../mail/service';
import { loadActor } from '../roles/service';
import { createAdministrator, requestPasswordReset, resetPassword, signIn, signUp, verifyEmail } from './service';

const ctx = { actor: null, locale: 'es' as const };
const origin = () => ({ ip: uniqueIp(), headers: new Headers() });

async function mailTo(email: string) {
	const admin = await createAdmin();
	return (await listMail({ actor: admin, locale: 'es' }, { to: email })).items;
}

function tokenFrom(text: string): string {
	const match = /token=([^\s&]+)/.exec(text);
	if (!match) throw new Error(`no token in: ${text}`);
	return decodeURIComponent(match[1]);
}

describe('sign-up and e-mail confirmation', () => {
	it('writes a confirmation link to the outbox; sign-in waits for it', async () => {
		const email = `${uniqueToken()}@example.org`;
		const password = 'a long enough password';
		await signUp(ctx, { name: 'Ana', email, password, passwordConfirm: password }, origin());
		const [message] = await mailTo(email);
		expect(message).toMatchObject({ status: 'outbox', subject: 'Confirme su correo en Cabildo' });
		await expect(signIn(ctx, { email, password }, origin())).rejects.toMatchObject({ code: 'EMAIL_NOT_VERIFIED' });
		await verifyEmail(ctx, tokenFrom(message.text), origin());
		await expect(signIn(ctx, { email, password }, origin())).resolves.toBeUndefined();
	});

	it('answers a sign-up for a known address like any other and mails its owner instead', async () => {
		const existing = await createUser();
		await expect(
			signUp(ctx, { name: 'Otro', email: existing.email, password: 'another password 1', passwordConfirm: 'another password 1' }, origin())
		).resolves.toBeUndefined();
		const messages = await mailTo(existing.email);
		expect(messages.map((m) => m.subject)).toContain('Intento de registro con su correo en Cabildo');
	});

	it('names the bad fields', async () => {
		await expect(signUp(ctx, { name: '', email: 'nope', password: 'short', passwordConfirm: 'other' }, origin())).rejects.toMatchObject({
			code: 'VALIDATION',
			fields: expect.arrayContaining([
				expect.objectContaining({ field: 'name' }),
				expect.objectContaining({ field: 'email', messageKey: 'error_email_invalid' }),
				expect.objectContaining({ field: 'password', messageKey: 'error_password_too_short' })
			])
		});
	});

	it('refuses an invalid confirmation token', async () => {
		await expect(verifyEmail(ctx, 'not-a-token', origin())).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
	});
});

describe('sign-in', () => {
	it('gives the same answer for a wrong password and an unknown address', async () => {
		const person = await createUser();
		await expect(signIn(ctx, { email: person.email, password: 'wrong password' }, origin())).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
		await expect(signIn(ctx, { email: `${uniqueToken()}@example.org`, password: 'whatever1234' }, origin())).rejects.toMatchObject({
			code: 'INVALID_CREDENTIALS'
		});
	});
});

describe('password reset', () => {
	it('mails a link that sets a new password', async () => {
		const person = await createUser();
		await requestPasswordReset(ctx, { email: person.email }, origin());
		const [message] = await mailTo(person.email);
		expect(message.subject).toBe('Restablecer su contraseña de Cabildo');
		const password = 'a brand new password';
		await resetPassword(ctx, { token: tokenFrom(message.text), password, passwordConfirm: password }, origin());
		await expect(signIn(ctx, { email: person.email, password }, origin())).resolves.toBeUndefined();
		await expect(signIn(ctx, { email: person.email, password: person.password }, origin())).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
	});

	it('answers the same for an unknown address and writes no mail', async () => {
		const email = `${uniqueToken()}@example.org`;
		await expect(requestPasswordReset(ctx, { email }, origin())).resolves.toBeUndefined();
		expect(await mailTo(email)).toEqual([]);
	});
});

describe('createAdministrator', () => {
	it('creates a verified administrator who can sign in', async () => {
		const email = `${uniqueToken()}@example.org`;
		const { userId, created } = await createAdministrator({ email, name: 'Admin', password: 'admin password 1' });
		expect(created).toBe(true);
		const actor = await loadActor({ id: userId, email, name: 'Admin' });
		expect(actor.roles.map((r) => r.role)).toEqual(['admin']);
		await expect(signIn(ctx, { email, password: 'admin password 1' }, origin())).resolves.toBeUndefined();
	});
});
