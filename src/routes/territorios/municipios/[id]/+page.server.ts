import { loadOrError } from '$lib/server/http/load';
import { getMunicipality } from '$lib/server/territories/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	loadOrError(locals, async () => ({ municipality: await getMunicipality({ locale: locals.locale }, params.id) }));
