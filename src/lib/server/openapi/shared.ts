// Pieces every part of the OpenAPI document uses: the error shape and the language parameter.
import { z } from 'zod';

const ZError = z
	.object({
		error: z.object({
			code: z.string().meta({ example: 'VALIDATION' }),
			message: z.string().meta({ description: "In the request's language" }),
			details: z
				.object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
				.catchall(z.unknown())
				.nullable()
		})
	})
	.meta({ id: 'Error' });

/** A documented error answer with the common error shape. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ZError } } });
/** The optional `lang` query parameter. */
export const langParam = z.object({
	lang: z.enum(['es', 'pt', 'en']).optional().meta({ description: 'Language of names and messages; defaults to Accept-Language, then Spanish' })
});
