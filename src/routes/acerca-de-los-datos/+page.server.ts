import { getDataCredits } from '$lib/server/territories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'public, max-age=300' });
	return { credits: await getDataCredits({ locale: locals.locale }) };
};
