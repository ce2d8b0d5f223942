import { getCountry } from '$lib/server/territories';
import { getTerritoryStatistics } from '$lib/server/statistics';
import { loadOrError } from '$lib/server/http/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, setHeaders }) =>
	loadOrError(locals, async () => {
		const country = await getCountry({ locale: locals.locale }, params.country);
		setHeaders({ 'cache-control': 'public, max-age=60' });
		return { ...country, statistics: await getTerritoryStatistics({ locale: locals.locale }, 'country', params.country.toUpperCase()) };
	});
