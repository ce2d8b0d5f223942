import { listCountries } from '$lib/server/territories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return { countries: await listCountries({ locale: locals.locale }) };
};
