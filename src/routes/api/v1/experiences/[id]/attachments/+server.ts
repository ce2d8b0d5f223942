import { addAttachment, listAttachments } from '$lib/server/experiences';
import { AppError } from '$lib/server/errors/app-error';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The attachments of an experience. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ items: await listAttachments({ ...contextOf(event), locale }, event.params.id) }));

/** Attaches a file: `multipart/form-data` with a `file` field. */
export const POST: RequestHandler = (event) =>
	handleApi(
		event,
		async (locale) => {
			const form = await event.request.formData().catch(() => {
				throw new AppError('VALIDATION', { fields: [{ field: 'file', messageKey: 'error_file_missing' }] });
			});
			return addAttachment({ ...contextOf(event), locale }, event.params.id, form.get('file'));
		},
		{ status: 201 }
	);
