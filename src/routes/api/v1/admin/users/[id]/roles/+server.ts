import { handleApi, readJson } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { grantRole, listGrants } from '$lib/server/roles';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, async (locale) => ({ items: await listGrants({ ...contextOf(event), locale }, event.params.id) }));

export const POST: RequestHandler = (event) =>
	handleApi(
		event,
		async (locale) => {
			const ctx = { ...contextOf(event), locale };
			const body = await readJson(event.request);
			const { id } = await grantRole(ctx, { ...body, userId: event.params.id });
			return { id };
		},
		{ status: 201 }
	);
