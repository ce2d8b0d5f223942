import { loadOrError } from '$lib/server/http/load';
import { requireRole } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

// Pages check here; every action and service checks again, since actions do not run layout loads.
export const load: LayoutServerLoad = ({ locals, url }) =>
	loadOrError(
		locals,
		async () => {
			requireRole(locals.actor, 'admin');
			return {};
		},
		url.pathname
	);
