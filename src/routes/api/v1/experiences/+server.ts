import { createDraft } from '$lib/server/experiences/service';
import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

/** Starts a draft (municipal officials for their municipalities, or the secretariat). */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => createDraft({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
