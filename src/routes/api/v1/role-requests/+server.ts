import { handleApi, readJson, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { listMyRoleRequests, listRoleRequests, requestRole } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** One's own role requests; `?scope=all` (with `status`, `page`, `pageSize`) lists everyone's, for the secretariat. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		const query = readQuery(event.url);
		const ctx = { ...contextOf(event), locale };
		if (query.scope === 'all') return listRoleRequests(ctx, query);
		return { items: await listMyRoleRequests(ctx) };
	});

/** Ask for a role; the secretariat is mailed. */
export const POST: RequestHandler = (event) =>
	handleApi(event, async (locale) => requestRole({ ...contextOf(event), locale }, await readJson(event.request)), { status: 201 });
