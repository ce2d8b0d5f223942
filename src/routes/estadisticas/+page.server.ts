import { listIndicators } from '$lib/server/statistics';
import { readQuery } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/load';
import { getTaxonomy } from '$lib/server/taxonomy';
import type { PageServerLoad } from './$types';

// A reading page: server-rendered, no JavaScript; the filters are a plain GET form.
export const csr = false;

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => {
		const ctx = { actor: event.locals.actor, locale: event.locals.locale };
		const query = readQuery(event.url);
		const taxonomy = await getTaxonomy(ctx);
		return {
			query,
			indicators: await listIndicators(ctx, query),
			themes: taxonomy.areas.flatMap((area) => area.themes.map((theme) => ({ code: theme.code, label: theme.label })))
		};
	});
