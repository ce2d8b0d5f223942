import { getExpertCv } from '$lib/server/directory/expert-service';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** An expert's CV: for the expert, signed-in officials, the secretariat and council members. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const cv = await getExpertCv({ ...contextOf(event), locale }, event.params.id);
		return new Response(new Uint8Array(cv.bytes), {
			headers: {
				'content-type': cv.contentType,
				'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(cv.fileName)}`,
				'x-content-type-options': 'nosniff',
				'content-security-policy': "sandbox; default-src 'none'",
				'cache-control': 'private, no-store'
			}
		});
	});
