import { listCountries } from '$lib/server/territories/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	countries: await listCountries({ locale: locals.locale })
});
