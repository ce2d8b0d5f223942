import { getCountry } from '$lib/server/territories/service';
import { loadOrError } from '$lib/server/http/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	loadOrError(locals, () => getCountry({ locale: locals.locale }, params.country));
