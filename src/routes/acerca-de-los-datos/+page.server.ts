import { listDataCredits } from '$lib/server/territories/service';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ credits: await listDataCredits({ locale: locals.locale }) });
