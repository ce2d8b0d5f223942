import { loadOrError } from '$lib/server/http/load';
import { requireActor } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
	loadOrError(
		locals,
		async () => {
			const actor = requireActor(locals.actor);
			return { me: { name: actor.name, email: actor.email, roles: actor.roles } };
		},
		url.pathname
	);
