import { getExpertCv } from '$lib/server/directory';
import { fileResponse } from '$lib/server/files';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** An expert's CV: for the expert, signed-in officials, the secretariat and council members. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const cv = await getExpertCv({ ...contextOf(event), locale }, event.params.id);
		return fileResponse({ body: new Uint8Array(cv.bytes), contentType: cv.contentType, fileName: cv.fileName });
	});
