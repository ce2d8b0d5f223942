import { assignReviewer } from '$lib/server/experiences';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** The secretariat assigns a reviewer: `{ "reviewerEmail": "…", "dueOn": "YYYY-MM-DD" }`. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => assignReviewer({ ...contextOf(event), locale }, event.params.id, await readJson(event.request)), { status: 201 });
