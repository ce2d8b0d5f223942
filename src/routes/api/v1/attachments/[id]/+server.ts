import { getAttachmentContent, removeAttachment } from '$lib/server/experiences';
import { fileResponse } from '$lib/server/files';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Downloads an attachment (never rendered inline: a sandboxed download with the type found in its content). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const file = await getAttachmentContent({ ...contextOf(event), locale }, event.params.id);
		return fileResponse(
			{ body: new Uint8Array(file.content), contentType: file.contentType, fileName: file.fileName, etag: file.sha256 },
			// Public files are revalidated on every use (a 304 when unchanged), so that one whose record is unpublished
			// stops being served at once, by this server and by any cache between (issue 13 finding 13).
			{ cacheControl: file.public ? 'public, no-cache' : undefined, ifNoneMatch: event.request.headers.get('if-none-match') }
		);
	});

/** The authors remove an attachment. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await removeAttachment({ ...contextOf(event), locale }, event.params.id);
		return { removed: true };
	});
