import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { listMail } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const query = readQuery(event.url);
		return { query, mail: await listMail(contextOf(event), query) };
	});
