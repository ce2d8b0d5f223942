import { json } from '@sveltejs/kit';
import { checkReadiness } from '$lib/server/health';
import type { RequestHandler } from './$types';

/** Readiness: the database answers and every committed migration is applied. */
export const GET: RequestHandler = async () => {
	const readiness = await checkReadiness();
	return json(readiness, { status: readiness.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
