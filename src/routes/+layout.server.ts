import { hasRole } from '$lib/server/policy';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	viewer: locals.actor
		? {
				name: locals.actor.name,
				isAdmin: hasRole(locals.actor, 'admin'),
				isSecretariat: hasRole(locals.actor, 'secretariat'),
				isReviewer: locals.actor.roles.some((grant) => grant.role === 'reviewer'),
				editsStatistics: hasRole(locals.actor, 'statistics_editor'),
				reportsStatistics: locals.actor.roles.some((grant) => grant.role === 'municipal_official'),
				writesExperiences: hasRole(locals.actor, 'secretariat') || locals.actor.roles.some((grant) => grant.role === 'municipal_official')
			}
		: null,
	locale: locals.locale
});
