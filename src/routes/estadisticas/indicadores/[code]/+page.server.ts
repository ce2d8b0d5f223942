import { readQuery } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/load';
import { getIndicatorPage } from '$lib/server/statistics';
import { listCountries } from '$lib/server/territories';
import type { PageServerLoad } from './$types';

// A reading page: server-rendered charts and tables, no JavaScript; the choices are a plain GET form.
export const csr = false;

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const ctx = { actor: event.locals.actor, locale: event.locals.locale };
		const query = readQuery(event.url);
		return { query, page: await getIndicatorPage(ctx, event.params.code, query), countries: await listCountries(ctx) };
	});
