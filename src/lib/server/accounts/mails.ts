import { getConfig } from '../config';
import { getDb, type Executor } from '../db';
import { currentLocale, localePrefix, translate } from '../i18n';
import { queueMail } from '../mail';

interface MailUser {
	email: string;
	name: string;
}

function link(path: string, token?: string): string {
	const locale = currentLocale();
	const url = new URL(`${localePrefix(locale)}${path}`, getConfig().origin);
	if (token) url.searchParams.set('token', token);
	return url.toString();
}

/** Queues the e-mail confirmation link, in the language of the request that caused it. */
export async function sendVerificationMail(user: MailUser, token: string): Promise<void> {
	const locale = currentLocale();
	await queueMail(getDb(), {
		to: user.email,
		subject: translate('mail_verify_subject', locale),
		text: translate('mail_verify_body', locale, { name: user.name, url: link('/cuenta/verificar', token) })
	});
}

/** Queues the password reset link. */
export async function sendPasswordResetMail(user: MailUser, token: string): Promise<void> {
	const locale = currentLocale();
	await queueMail(getDb(), {
		to: user.email,
		subject: translate('mail_reset_subject', locale),
		text: translate('mail_reset_body', locale, { name: user.name, url: link('/cuenta/restablecer', token) })
	});
}

/** Tells the owner of an address that someone tried to sign up with it (instead of revealing it on screen). */
export async function sendAccountExistsMail(user: MailUser): Promise<void> {
	const locale = currentLocale();
	await queueMail(getDb(), {
		to: user.email,
		subject: translate('mail_exists_subject', locale),
		text: translate('mail_exists_body', locale, {
			name: user.name,
			signInUrl: link('/cuenta/entrar'),
			resetUrl: link('/cuenta/olvido')
		})
	});
}

/** Queues the link that confirms a new address, to that new address. */
export async function sendEmailChangeMail(db: Executor, name: string, newEmail: string, token: string): Promise<void> {
	const locale = currentLocale();
	await queueMail(db, {
		to: newEmail,
		subject: translate('mail_email_change_subject', locale),
		text: translate('mail_email_change_body', locale, { name, email: newEmail, url: link('/cuenta/correo/confirmar', token) })
	});
}

/** Tells the owner of an address that another account asked to move to it (the page answers as if it were free). */
export async function sendEmailTakenMail(db: Executor, email: string): Promise<void> {
	const locale = currentLocale();
	await queueMail(db, {
		to: email,
		subject: translate('mail_email_taken_subject', locale),
		text: translate('mail_email_taken_body', locale, { signInUrl: link('/cuenta/entrar') })
	});
}

/** Tells the old address that the account now uses another one. */
export async function sendEmailChangedNotice(db: Executor, name: string, oldEmail: string, newEmail: string): Promise<void> {
	const locale = currentLocale();
	await queueMail(db, {
		to: oldEmail,
		subject: translate('mail_email_changed_subject', locale),
		text: translate('mail_email_changed_body', locale, { name, email: newEmail, resetUrl: link('/cuenta/olvido') })
	});
}
