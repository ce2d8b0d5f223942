import { loadOrError } from '$lib/server/http/load';
import { getMunicipality } from '$lib/server/territories';
import { getTerritoryStatistics } from '$lib/server/statistics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, setHeaders }) =>
	loadOrError(locals, async () => {
		const municipality = await getMunicipality({ locale: locals.locale }, params.id);
		setHeaders({ 'cache-control': 'public, max-age=60' });
		return { municipality, statistics: await getTerritoryStatistics({ locale: locals.locale }, 'municipality', municipality.id) };
	});
