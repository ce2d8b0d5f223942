import { z } from 'zod';

const label = z.string().trim().min(1, { message: 'error_field_required' }).max(120);

/** Labels in the three interface languages. */
export const ZLabels = z.object({ es: label, pt: label, en: label });

/** A reference file of themes grouped by area. */
export const ZThemesFile = z.object({
	areas: z.array(
		z.object({
			code: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
			labels: ZLabels,
			themes: z.array(z.object({ code: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/), labels: ZLabels })).min(1)
		})
	)
});

/** The reference file of the Sustainable Development Goals. */
export const ZSdgFile = z.object({
	terms: z.array(z.object({ code: z.string().regex(/^SDG\d{2}$/), labels: ZLabels })).length(17)
});

/** An administrator's change to a term (form fields `es`, `pt`, `en`, `active`). */
export const ZUpdateTerm = z.object({
	facet: z.enum(['area', 'theme', 'sdg'], { message: 'error_field_invalid' }),
	code: z.string().min(1).max(60),
	es: label,
	pt: label,
	en: label,
	active: z.preprocess((value) => value === true || value === 'on' || value === 'true', z.boolean()).default(false)
});

/** A new theme proposed by an administrator. */
export const ZCreateTheme = z.object({
	area: z.string().min(1, { message: 'error_field_required' }).max(60),
	code: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, { message: 'error_taxonomy_code' }),
	es: label,
	pt: label,
	en: label
});

/** One term in the reader's language. */
export const ZTerm = z.object({ code: z.string(), label: z.string() });

/** The whole vocabulary in the reader's language. */
export const ZTaxonomy = z.object({
	areas: z.array(ZTerm.extend({ themes: z.array(ZTerm) })),
	sdgs: z.array(ZTerm.extend({ number: z.number().int() }))
});
export type TTaxonomy = z.infer<typeof ZTaxonomy>;
