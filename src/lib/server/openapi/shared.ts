// Pieces every part of the OpenAPI document uses: the error shape and the language parameter.
import { z } from 'zod';
import { ErrorCode } from '../errors/app-error';

const ZError = z
	.object({
		error: z.object({
			code: z.enum(Object.values(ErrorCode)).meta({ example: 'VALIDATION', description: 'Every answer under /api/ with a status of 400 or more has this shape, also a malformed address (400), a method the path does not take (405) and a body over the size limit (413)' }),
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
