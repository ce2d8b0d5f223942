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

/** Roles a person may ask the secretariat for (issue 13); administration, the secretariat and the council are appointed. */
export const requestableRoles = ['municipal_official', 'reviewer', 'expert', 'statistics_editor'] as const;
export type RequestableRole = (typeof requestableRoles)[number];

export const roleRequestStatuses = ['pending', 'approved', 'declined', 'withdrawn'] as const;
export type RoleRequestStatus = (typeof roleRequestStatuses)[number];

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = (max: number, description: string) =>
	z.preprocess(blankToUndefined, z.string().trim().max(max, { message: 'error_field_too_long' }).optional()).meta({ description });

/** A request for a role, as the person sends it; empty form values count as absent. */
export const ZRequestRole = z
	.object({
		role: z.enum(requestableRoles, { message: 'error_role_request_role' }).meta({ description: 'The role asked for' }),
		municipalityId: z
			.preprocess(blankToUndefined, z.string().trim().max(40).regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' }).optional())
			.meta({ description: 'Gazetteer identifier of the municipality, e.g. MX-14039 (municipal officials only)' }),
		position: optionalText(200, 'Position held, e.g. Director of planning'),
		institutionalEmail: z
			.preprocess(blankToUndefined, z.email({ message: 'error_email_invalid' }).max(320).optional())
			.meta({ description: 'Institutional e-mail address, where the secretariat can check the position' }),
		note: optionalText(2000, 'Anything the secretariat should know, such as a link to an appointment document')
	})
	.superRefine((value, ctx) => {
		if (value.role === 'municipal_official' && !value.municipalityId) {
			ctx.addIssue({ code: 'custom', path: ['municipalityId'], message: 'error_official_needs_municipality' });
		}
		if (value.role !== 'municipal_official' && value.municipalityId) {
			ctx.addIssue({ code: 'custom', path: ['municipalityId'], message: 'error_municipality_only_for_officials' });
		}
		if (value.role === 'municipal_official' && !value.position) {
			ctx.addIssue({ code: 'custom', path: ['position'], message: 'error_role_request_position' });
		}
	});
export type TRequestRole = z.output<typeof ZRequestRole>;

/** The secretariat's decision on a request; a decline says why. */
export const ZDecideRoleRequest = z
	.object({
		decision: z.enum(['approve', 'decline'], { message: 'error_role_request_decision' }).meta({ description: 'approve grants the role; decline refuses it' }),
		reason: optionalText(2000, 'Why (required to decline; sent to the person)')
	})
	.superRefine((value, ctx) => {
		if (value.decision === 'decline' && !value.reason) {
			ctx.addIssue({ code: 'custom', path: ['reason'], message: 'error_role_request_reason' });
		}
	});

/** The secretariat's list of requests. */
export const ZRoleRequestQuery = z.object({
	status: z.preprocess(blankToUndefined, z.enum(roleRequestStatuses, { message: 'error_field_invalid' }).optional()).meta({ description: 'Only requests in this status' }),
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(100).default(25)
});

/** A role request as its person and the secretariat see it. */
export const ZRoleRequest = z.object({
	id: z.string(),
	role: z.enum(requestableRoles),
	municipalityId: z.string().nullable(),
	municipalityName: z.string().nullable(),
	position: z.string().nullable(),
	institutionalEmail: z.string().nullable(),
	note: z.string().nullable(),
	status: z.enum(roleRequestStatuses),
	reason: z.string().nullable(),
	createdAt: z.string(),
	decidedAt: z.string().nullable(),
	person: z.object({ id: z.string(), name: z.string(), email: z.string() })
});
export type TRoleRequest = z.infer<typeof ZRoleRequest>;
