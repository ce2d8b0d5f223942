import { z } from 'zod';
import { paginationFields } from '../pagination';
import { isTimeZone } from './call-status';

/** Kinds of institution. */
export const institutionKinds = [
	'training_institute',
	'municipal_association',
	'cooperation_agency',
	'development_bank',
	'foundation',
	'university',
	'ngo',
	'government_body'
] as const;

/** Who may apply to a call. */
export const applicantKinds = ['municipality', 'municipal_association', 'ngo', 'university', 'government_body'] as const;

const currencies = new Set(Intl.supportedValuesOf('currency'));
const list = <T extends z.ZodType<string>>(item: T, max: number) =>
	z.preprocess(
		(value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value),
		z.array(item).max(max, { message: 'error_field_too_large' })
	);
const countryCode = z
	.string()
	.regex(/^[A-Za-z]{2}$/, { message: 'error_country_code' })
	.transform((value) => value.toUpperCase());
const optionalText = (max: number) => z.string().trim().max(max, { message: 'error_field_too_long' }).optional();
const bool = z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false);
const url = z.url({ protocol: /^https?$/, message: 'error_url_invalid' }).max(2000, { message: 'error_field_too_long' });
// International format, as people write it: +57 1 234 5678, (11) 3333-4444; 7 to 15 digits.
const phone = z
	.string()
	.trim()
	.regex(/^\+?[\d\s().-]{7,25}$/, { message: 'error_phone_invalid' })
	.refine((value) => {
		const digits = value.replace(/\D/g, '').length;
		return digits >= 7 && digits <= 15;
	}, { message: 'error_phone_invalid' });

/** An institution as the form and the API send it. */
export const ZInstitution = z
	.object({
		name: z.string().trim().min(2, { message: 'error_field_required' }).max(300, { message: 'error_field_too_long' }),
		acronym: optionalText(30),
		kind: z.enum(institutionKinds, { message: 'error_field_invalid' }),
		countryCode,
		countriesServed: list(countryCode, 30).default([]),
		themes: list(z.string().max(60), 20).default([]),
		description: z.string().trim().max(5000, { message: 'error_field_too_long' }).default(''),
		website: url.optional(),
		email: z.email({ message: 'error_email_invalid' }).max(254).optional(),
		phone: phone.optional(),
		parentId: z.uuid({ message: 'error_field_invalid' }).optional(),
		/** The form names the parent organisation by its name or acronym; the service finds it. */
		parentName: optionalText(300),
		networkMember: bool,
		memberSince: z.iso.date({ message: 'error_date_invalid' }).optional(),
		centreOfExcellence: bool,
		excellenceThemes: list(z.string().max(60), 20).default([]),
		excellenceRecognisedOn: z.iso.date({ message: 'error_date_invalid' }).optional(),
		excellenceBasis: optionalText(2000)
	})
	.superRefine((value, ctx) => {
		if (value.centreOfExcellence && !value.excellenceThemes.length) {
			ctx.addIssue({ code: 'custom', path: ['excellenceThemes'], message: 'error_excellence_themes_required' });
		}
		if (value.centreOfExcellence && !value.excellenceRecognisedOn) {
			ctx.addIssue({ code: 'custom', path: ['excellenceRecognisedOn'], message: 'error_field_required' });
		}
	});
export type TInstitution = z.output<typeof ZInstitution>;

// The form sends one document per line, "Title | https://…" or just the address; the API sends objects.
const callDocuments = z
	.preprocess(
		(value) =>
			typeof value === 'string'
				? value
						.split(/\r?\n/)
						.map((line) => line.trim())
						.filter(Boolean)
						.map((line) => {
							const cut = line.lastIndexOf('|');
							return cut < 0 ? { title: '', url: line } : { title: line.slice(0, cut).trim(), url: line.slice(cut + 1).trim() };
						})
				: value,
		z
			.array(z.object({ title: z.string().trim().max(200, { message: 'error_field_too_long' }).default(''), url }), {
				message: 'error_field_invalid'
			})
			.max(20, { message: 'error_field_too_large' })
	)
	.default([]);

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/, { message: 'error_date_invalid' });

/** A funding call as the form and the API send it; dates are wall-clock times in the call's time zone. */
export const ZFundingCall = z
	.object({
		funderId: z.uuid({ message: 'error_funder_required' }),
		title: z.string().trim().min(3, { message: 'error_field_required' }).max(300, { message: 'error_field_too_long' }),
		description: z.string().trim().max(10_000, { message: 'error_field_too_long' }).default(''),
		themes: list(z.string().max(60), 20).default([]),
		sdgs: list(z.string().regex(/^SDG\d{2}$/, { message: 'error_field_invalid' }), 17).default([]),
		eligibleCountries: list(countryCode, 40).default([]),
		eligibleApplicants: list(z.enum(applicantKinds, { message: 'error_field_invalid' }), 10).default([]),
		sizeBands: list(z.enum(['lt10k', '10k-50k', '50k-200k', '200k-1m', 'gt1m'], { message: 'error_field_invalid' }), 5).default([]),
		amountMin: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e13).optional(),
		amountMax: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e13).optional(),
		currency: z
			.string()
			.transform((value) => value.toUpperCase())
			.refine((value) => currencies.has(value), { message: 'error_currency_unknown' })
			.optional(),
		cofinancingPercent: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_percent_invalid' }).max(100, { message: 'error_percent_invalid' }).optional(),
		opensAt: localDateTime,
		closesAt: localDateTime,
		timeZone: z.string().refine(isTimeZone, { message: 'error_time_zone_invalid' }),
		howToApply: z.string().trim().max(5000, { message: 'error_field_too_long' }).default(''),
		link: url.optional(),
		documents: callDocuments
	})
	.superRefine((value, ctx) => {
		if (value.closesAt <= value.opensAt) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'error_closes_before_opens' });
		if (value.amountMin !== undefined && value.amountMax !== undefined && value.amountMax < value.amountMin) {
			ctx.addIssue({ code: 'custom', path: ['amountMax'], message: 'error_amount_range' });
		}
		if ((value.amountMin !== undefined || value.amountMax !== undefined) && !value.currency) {
			ctx.addIssue({ code: 'custom', path: ['currency'], message: 'error_currency_required' });
		}
	});
export type TFundingCall = z.output<typeof ZFundingCall>;

const optionalCode = (pattern: RegExp) => z.string().trim().regex(pattern, { message: 'error_field_invalid' }).optional();

/** The directory's search: one box, a type, facets, pages; calls can be sorted by closing date. */
export const ZDirectoryQuery = z.object({
	q: z.string().trim().max(200, { message: 'error_field_too_long' }).optional(),
	type: z.enum(['institution', 'funding_call', 'expert', 'service'], { message: 'error_field_invalid' }).optional(),
	country: optionalCode(/^[A-Za-z]{2}$/).transform((value) => value?.toUpperCase()),
	theme: optionalCode(/^[a-z0-9-]{1,60}$/),
	sdg: optionalCode(/^SDG\d{2}$/),
	kind: z.enum(institutionKinds, { message: 'error_field_invalid' }).optional(),
	applicant: z.enum(applicantKinds, { message: 'error_field_invalid' }).optional(),
	callStatus: z.enum(['upcoming', 'open', 'closing_soon', 'closed'], { message: 'error_field_invalid' }).optional(),
	language: z.enum(['es', 'pt', 'en', 'fr', 'qu', 'gn', 'ay'], { message: 'error_field_invalid' }).optional(),
	availability: z.enum(['available', 'limited', 'unavailable'], { message: 'error_field_invalid' }).optional(),
	sort: z.enum(['relevance', 'closing', 'name'], { message: 'error_field_invalid' }).optional(),
	...paginationFields(20)
});
export type TDirectoryQuery = z.output<typeof ZDirectoryQuery>;

/** The secretariat's decision on a proposed entry. */
export const ZModeration = z.object({
	decision: z.enum(['verify', 'reject'], { message: 'error_field_invalid' }),
	reason: z.string().trim().max(1000, { message: 'error_field_too_long' }).optional()
});

/** How well an expert knows a theme. */
export const competencyLevels = ['working', 'experienced', 'leading'] as const;
/** Whether an expert can take work now. */
export const availabilities = ['available', 'limited', 'unavailable'] as const;

/**
 * An expert's profile as the form and the API send it. Competencies come as `competency.<theme>=<level>` form fields
 * or as a `competencies` array.
 */
export const ZExpert = z.preprocess(
	(input) => {
		if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
		const record = { ...(input as Record<string, unknown>) };
		if (!Array.isArray(record.competencies)) {
			const competencies = Object.entries(record)
				.filter(([key, value]) => key.startsWith('competency.') && typeof value === 'string' && value !== '')
				.map(([key, level]) => ({ theme: key.slice('competency.'.length), level }));
			for (const key of Object.keys(record)) if (key.startsWith('competency.')) delete record[key];
			record.competencies = competencies;
		}
		return record;
	},
	z
		.object({
			name: z.string().trim().min(2, { message: 'error_field_required' }).max(200, { message: 'error_field_too_long' }),
			headline: z.string().trim().max(200, { message: 'error_field_too_long' }).default(''),
			bio: z.string().trim().max(5000, { message: 'error_field_too_long' }).default(''),
			competencies: z
				.array(z.object({ theme: z.string().max(60), level: z.enum(competencyLevels, { message: 'error_field_invalid' }) }))
				.max(20, { message: 'error_field_too_large' })
				.default([]),
			languages: list(z.enum(['es', 'pt', 'en', 'fr', 'qu', 'gn', 'ay'], { message: 'error_field_invalid' }), 7).default([]),
			countries: list(countryCode, 30).default([]),
			municipalityIds: list(
				z
					.string()
					.regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' })
					.transform((value) => value.slice(0, 2).toUpperCase() + value.slice(2)),
				50
			).default([]),
			// The form takes the experiences' addresses or ids as pasted; only the ids are kept.
			experienceIds: z
				.preprocess(
					(value) => (typeof value === 'string' ? (value.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []).map((id) => id.toLowerCase()) : value),
					z.array(z.uuid({ message: 'error_field_invalid' })).max(30, { message: 'error_field_too_large' })
				)
				.default([]),
			organisationId: z.uuid({ message: 'error_field_invalid' }).optional(),
			/** The form names the organisation by its name or acronym; the service finds it. */
			organisationName: optionalText(300),
			availability: z.enum(availabilities, { message: 'error_field_invalid' }).default('available'),
			feeMin: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e9).optional(),
			feeMax: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e9).optional(),
			feeCurrency: z
				.string()
				.transform((value) => value.toUpperCase())
				.refine((value) => currencies.has(value), { message: 'error_currency_unknown' })
				.optional(),
			email: z.email({ message: 'error_email_invalid' }).max(254).optional(),
			phone: phone.optional(),
			website: url.optional(),
			consentOn: z.iso.date({ message: 'error_date_invalid' }).optional(),
			consentNote: optionalText(500)
		})
		.superRefine((value, ctx) => {
			if (value.feeMin !== undefined && value.feeMax !== undefined && value.feeMax < value.feeMin) {
				ctx.addIssue({ code: 'custom', path: ['feeMax'], message: 'error_amount_range' });
			}
			if ((value.feeMin !== undefined || value.feeMax !== undefined) && !value.feeCurrency) {
				ctx.addIssue({ code: 'custom', path: ['feeCurrency'], message: 'error_currency_required' });
			}
			if (new Set(value.competencies.map((item) => item.theme)).size !== value.competencies.length) {
				ctx.addIssue({ code: 'custom', path: ['competencies'], message: 'error_field_invalid' });
			}
		})
);
export type TExpert = z.output<typeof ZExpert>;

/**
 * Issue 13 finding 4: the fields that say who a verified expert is. The expert's own change to any of them (a name
 * such as "… (oficial)", another organisation, website, e-mail or phone) is not applied: it becomes a proposed
 * correction, and the verified profile stays public as it was, verified on its date, until the secretariat applies
 * it. The expert's other fields (headline, bio, competencies, languages, countries, municipalities, experiences,
 * availability, fee) apply at once, and so does every change to a profile not yet verified and every edit by the
 * secretariat. (Institutions and calls take no direct edit from outside the secretariat at all: every change is a
 * correction, correctableFields in form-values.ts; cooperation services have no edit.)
 */
export const expertIdentityFields = ['name', 'organisationId', 'website', 'email', 'phone'] as const;

/** Kinds of cooperation service. */
export const serviceKinds = ['technical_assistance', 'training', 'peer_exchange', 'research'] as const;
/** What a service costs the municipality. */
export const serviceCosts = ['free', 'cost_shared', 'fee'] as const;

/** A cooperation service as the form and the API send it (HSDS-shaped). */
export const ZService = z.object({
	institutionId: z.uuid({ message: 'error_provider_required' }),
	name: z.string().trim().min(3, { message: 'error_field_required' }).max(300, { message: 'error_field_too_long' }),
	description: z.string().trim().max(5000, { message: 'error_field_too_long' }).default(''),
	kind: z.enum(serviceKinds, { message: 'error_field_invalid' }),
	serviceStatus: z.enum(['active', 'inactive'], { message: 'error_field_invalid' }).default('active'),
	eligibility: z.string().trim().max(2000, { message: 'error_field_too_long' }).default(''),
	eligibleApplicants: list(z.enum(applicantKinds, { message: 'error_field_invalid' }), 10).default([]),
	languages: list(z.enum(['es', 'pt', 'en', 'fr', 'qu', 'gn', 'ay'], { message: 'error_field_invalid' }), 7).default([]),
	serviceAreas: list(countryCode, 40).default([]),
	themes: list(z.string().max(60), 20).default([]),
	cost: z.enum(serviceCosts, { message: 'error_field_invalid' }).default('free'),
	costDetails: z.string().trim().max(1000, { message: 'error_field_too_long' }).default(''),
	howToRequest: z.string().trim().max(2000, { message: 'error_field_too_long' }).default('')
});
export type TService = z.output<typeof ZService>;

/** An official's request to a service. */
export const ZServiceRequest = z.object({
	message: z.string().trim().min(20, { message: 'error_request_too_short' }).max(5000, { message: 'error_field_too_long' }),
	municipalityId: z.string().trim().regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' }).optional()
});

/** The provider's answer to a request. */
export const ZServiceAnswer = z.object({
	answer: z.string().trim().min(1, { message: 'error_field_required' }).max(5000, { message: 'error_field_too_long' })
});

/** A user's subscription: themes and countries (empty means any), on or off. */
export const ZSubscription = z.object({
	themes: list(z.string().max(60), 41).default([]),
	countries: list(countryCode, 30).default([]),
	active: bool
});

/** A report that an entry is out of date. */
export const ZReport = z.object({
	note: z.string().trim().min(5, { message: 'error_report_note' }).max(1000, { message: 'error_field_too_long' })
});
