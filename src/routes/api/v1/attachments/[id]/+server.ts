import { getAttachmentContent, removeAttachment } from '$lib/server/experiences/attachment-service';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Downloads an attachment (never rendered inline: a sandboxed download with the type found in its content). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const file = await getAttachmentContent({ ...contextOf(event), locale }, event.params.id);
		return new Response(new Uint8Array(file.content), {
			headers: {
				'content-type': file.contentType,
				'content-length': String(file.content.length),
				'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
				'x-content-type-options': 'nosniff',
				'content-security-policy': "sandbox; default-src 'none'",
				etag: `"${file.sha256}"`,
				'cache-control': file.public ? 'public, max-age=3600' : 'private, no-store'
			}
		});
	});

/** The authors remove an attachment. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await removeAttachment({ ...contextOf(event), locale }, event.params.id);
		return { removed: true };
	});
