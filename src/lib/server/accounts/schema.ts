import { z } from 'zod';
import { paginationFields } from '../pagination';

const email = z
	.string()
	.trim()
	.max(254, { message: 'error_field_too_long' })
	.pipe(z.email({ message: 'error_email_invalid' }))
	.transform((value) => value.toLowerCase());
const password = z
	.string()
	.min(10, { message: 'error_password_too_short' })
	.max(128, { message: 'error_password_too_long' });

/** Sign-up form. */
export const ZSignUp = z
	.object({
		name: z.string().trim().min(1, { message: 'error_field_required' }).max(120),
		email,
		password,
		passwordConfirm: z.string()
	})
	.refine((value) => value.password === value.passwordConfirm, {
		path: ['passwordConfirm'],
		message: 'error_password_mismatch'
	});

/** Sign-in form. */
export const ZSignIn = z.object({
	email,
	password: z.string().min(1, { message: 'error_field_required' }).max(128)
});

/** Forgotten-password form. */
export const ZRequestReset = z.object({ email });

/** New-password form reached from the e-mailed link. */
export const ZResetPassword = z
	.object({
		token: z.string().min(1, { message: 'error_token_invalid' }).max(500),
		password,
		passwordConfirm: z.string()
	})
	.refine((value) => value.password === value.passwordConfirm, {
		path: ['passwordConfirm'],
		message: 'error_password_mismatch'
	});

/** Administrator creation from the command line. */
export const ZCreateAdmin = z.object({ email, password, name: z.string().trim().min(1).max(120) });

const currentPassword = z.string().min(1, { message: 'error_field_required' }).max(128, { message: 'error_password_too_long' });
const confirmed = z.literal('on', { message: 'error_confirm_required' });

/** The account page's name form. */
export const ZChangeName = z.object({
	name: z.string().trim().min(1, { message: 'error_field_required' }).max(120, { message: 'error_field_too_long' })
});

/** A new address, asked for with the current password. */
export const ZRequestEmailChange = z.object({ email, currentPassword });

/** The link mailed to the new address. */
export const ZEmailChangeToken = z.object({ token: z.string().min(1, { message: 'error_token_invalid' }).max(200, { message: 'error_token_invalid' }) });

/** The password form: the current one, the new one twice. */
export const ZChangePassword = z
	.object({ currentPassword, password, passwordConfirm: z.string() })
	.refine((value) => value.password === value.passwordConfirm, { path: ['passwordConfirm'], message: 'error_password_mismatch' });

/** One session to end. */
export const ZEndSession = z.object({ sessionId: z.string().min(1).max(100) });

/** Ending every other session, ticked to confirm. */
export const ZEndOtherSessions = z.object({ confirm: confirmed });

/** Deleting the account: the password and the box that says the consequences were read. */
export const ZDeleteAccount = z.object({ currentPassword, confirm: confirmed });

/** User list query for administrators. */
export const ZUserQuery = z.object({
	q: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()),
	...paginationFields(25)
});

/** A user as administrators see it. */
export interface UserSummary {
	id: string;
	name: string;
	email: string;
	emailVerified: boolean;
	createdAt: string;
	roles: string[];
}

/** The account as its owner sees it on the account page. */
export interface MyAccount {
	id: string;
	name: string;
	email: string;
	createdAt: string;
	/** The new address waiting for its link to be followed, if any. */
	pendingEmail: string | null;
}

/** One of the owner's sessions (never its token). */
export interface MySession {
	id: string;
	createdAt: string;
	lastSeenAt: string;
	expiresAt: string;
	ipAddress: string | null;
	/** "Firefox · Android", from the user agent; null when there is none. */
	device: string | null;
	current: boolean;
}
