import { getConfig } from '../config';
import { getDb } from '../db';
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
