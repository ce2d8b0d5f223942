import { z } from 'zod';

const longText = z.string().max(20_000, { message: 'error_field_too_long' }).default('');
const currencies = new Set(Intl.supportedValuesOf('currency'));
const list = (item: z.ZodType<string>, max: number) =>
	z.preprocess(
		(value) => (typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : value),
		z.array(item).max(max, { message: 'error_field_too_large' })
	);

/** The draft of an experience, as the guided form and the API send it; every field but the title may wait. */
export const ZExperienceDraft = z
	.object({
		locale: z.enum(['es', 'pt', 'en'], { message: 'error_field_invalid' }),
		title: z.string().trim().min(1, { message: 'error_field_required' }).max(200, { message: 'error_field_too_long' }),
		summary: z.string().max(2000, { message: 'error_field_too_long' }).default(''),
		context: longText,
		objectives: longText,
		actors: longText,
		participation: longText,
		resources: longText,
		lessons: longText,
		replication: longText,
		municipalityIds: list(z.string().regex(/^[A-Za-z]{2}-[0-9A-Za-z]+$/, { message: 'error_municipality_id' }), 20).default([]),
		themes: list(z.string().max(60), 10).default([]),
		sdgs: list(z.string().regex(/^SDG\d{2}$/, { message: 'error_field_invalid' }), 17).default([]),
		budgetAmount: z.coerce.number({ message: 'error_field_invalid' }).min(0, { message: 'error_amount_negative' }).max(1e13).optional(),
		budgetCurrency: z
			.string()
			.transform((value) => value.toUpperCase())
			.refine((value) => currencies.has(value), { message: 'error_currency_unknown' })
			.optional(),
		startDate: z.iso.date({ message: 'error_date_invalid' }).optional(),
		endDate: z.iso.date({ message: 'error_date_invalid' }).optional(),
		ongoing: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false),
		contactName: z.string().max(200).optional(),
		contactEmail: z.email({ message: 'error_email_invalid' }).max(254).optional()
	})
	.superRefine((draft, ctx) => {
		if (draft.startDate && draft.endDate && draft.endDate < draft.startDate) {
			ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'error_end_before_start' });
		}
		if (draft.budgetAmount !== undefined && !draft.budgetCurrency) {
			ctx.addIssue({ code: 'custom', path: ['budgetCurrency'], message: 'error_currency_required' });
		}
	});
export type TExperienceDraft = z.output<typeof ZExperienceDraft>;

/** A workflow action with its reason. */
export const ZTransition = z.object({
	action: z.enum(['submit', 'accept', 'return', 'reopen', 'publish', 'reject', 'unpublish', 'republish'], { message: 'error_field_invalid' }),
	comment: z.string().max(5000, { message: 'error_field_too_long' }).optional()
});
