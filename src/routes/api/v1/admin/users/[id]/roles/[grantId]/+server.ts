import { handleApi } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { revokeRole } from '$lib/server/roles';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = (event) =>
	handleApi(
		event,
		async (locale) => {
			await revokeRole({ ...contextOf(event), locale }, { userId: event.params.id, grantId: event.params.grantId });
			return null;
		},
		{ status: 204 }
	);
