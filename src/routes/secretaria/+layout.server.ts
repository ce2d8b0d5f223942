import { loadOrError } from '$lib/server/http/load';
import { requireRole } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

// The secretariat's area: signed-in secretariat members (and administrators) only; its actions check again in the services.
export const load: LayoutServerLoad = (event) =>
	loadOrError(
		event.locals,
		async () => {
			requireRole(event.locals.actor, 'secretariat');
			return {};
		},
		event.url.pathname
	);
