import { hasRole } from '$lib/server/roles/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	viewer: locals.actor ? { name: locals.actor.name, isAdmin: hasRole(locals.actor, 'admin') } : null,
	locale: locals.locale
});
