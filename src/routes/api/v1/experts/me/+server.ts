import { exportMyExpertData } from '$lib/server/directory';
import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Everything stored about the caller's expert profile, as JSON (access and portability). */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => exportMyExpertData({ ...contextOf(event), locale }), {
		headers: { 'content-disposition': 'attachment; filename="cabildo-expert-profile.json"', 'cache-control': 'private, no-store' }
	});
