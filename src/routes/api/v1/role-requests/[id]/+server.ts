import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { decideRoleRequest, withdrawRoleRequest } from '$lib/server/roles';
import type { RequestHandler } from './$types';

/** The secretariat approves (granting the role) or declines (with a reason) a pending request. */
export const PUT: RequestHandler = (event) =>
	handleApi(event, async (locale) => decideRoleRequest({ ...contextOf(event), locale }, event.params.id, await readJson(event.request)));

/** One withdraws one's own pending request. */
export const DELETE: RequestHandler = (event) =>
	handleApi(event, async (locale) => {
		await withdrawRoleRequest({ ...contextOf(event), locale }, event.params.id);
		return { withdrawn: true };
	});
