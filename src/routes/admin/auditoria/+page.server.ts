import { listAuditEvents } from '$lib/server/audit';
import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const query = readQuery(event.url);
		return { query, audit: await listAuditEvents(contextOf(event), query) };
	});
