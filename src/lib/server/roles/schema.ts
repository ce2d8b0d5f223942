import { z } from 'zod';

/** Roles an administrator can grant; `member` is everyone signed up and is never stored. */
export const grantableRoles = [
	'admin',
	'secretariat',
	'council_member',
	'reviewer',
	'municipal_official',
	'expert',
	'statistics_editor'
] as const;

/** Secretariat positions named in the seed document. */
export const secretariatSubRoles = [
	'executive_secretary',
	'programme_secretary',
	'finance_secretary',
	'line_director'
] as const;

/** The body of a role grant (the user comes from the path or the page). */
export const ZGrantRoleBody = z.object({
	role: z.enum(grantableRoles, { message: 'error_role_unknown' }).meta({ description: 'Role to grant' }),
	subRole: z
		.enum(secretariatSubRoles, { message: 'error_subrole_unknown' })
		.optional()
		.meta({ description: 'Secretariat position (role secretariat only)' }),
	municipalityId: z
		.string()
		.max(40)
		.regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' })
		.optional()
		.meta({ description: 'Municipality of a municipal official, e.g. BR-3550308 (role municipal_official only)' })
});

/** A role grant as submitted by an administrator; empty form values count as absent. */
export const ZGrantRole = ZGrantRoleBody.extend({ userId: z.string().min(1).max(100) }).superRefine((value, ctx) => {
	if (value.role === 'municipal_official' && !value.municipalityId) {
		ctx.addIssue({ code: 'custom', path: ['municipalityId'], message: 'error_official_needs_municipality' });
	}
	if (value.role !== 'municipal_official' && value.municipalityId) {
		ctx.addIssue({ code: 'custom', path: ['municipalityId'], message: 'error_municipality_only_for_officials' });
	}
	if (value.role !== 'secretariat' && value.subRole) {
		ctx.addIssue({ code: 'custom', path: ['subRole'], message: 'error_subrole_only_for_secretariat' });
	}
});
export type TGrantRole = z.output<typeof ZGrantRole>;

/** A role grant as returned to administrators. */
export const ZRoleGrant = z.object({
	id: z.string(),
	role: z.string(),
	subRole: z.string().nullable(),
	municipalityId: z.string().nullable(),
	municipalityName: z.string().nullable(),
	grantedAt: z.string(),
	grantedByEmail: z.string().nullable()
});
export type TRoleGrant = z.infer<typeof ZRoleGrant>;
