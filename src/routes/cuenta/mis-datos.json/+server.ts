import { exportMyData } from '$lib/server/account-data';
import { contextOf, originOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import type { RequestHandler } from './$types';

// The signed-in person's data as one JSON file (their right of access and portability); what it holds is listed on
// exportMyData (src/lib/server/account-data.ts). An anonymous visitor is sent to sign in.
export const GET: RequestHandler = (event) =>
	loadOrError(
		event.locals,
		async () => {
			const data = await exportMyData(contextOf(event), originOf(event));
			const day = data.exportedAt.slice(0, 10);
			return new Response(JSON.stringify(data, null, 2), {
				headers: {
					'content-type': 'application/json; charset=utf-8',
					'content-disposition': `attachment; filename="cabildo-mis-datos-${day}.json"`,
					'cache-control': 'private, no-store'
				}
			});
		},
		event.url.pathname
	);
