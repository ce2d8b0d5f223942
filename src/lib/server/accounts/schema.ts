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
