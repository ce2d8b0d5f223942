import { searchCatalogue } from '$lib/server/experiences';
import { readQuery } from '$lib/server/http/api';
import { asAppError, translateFields } from '$lib/server/http/error-body';
import { translate } from '$lib/server/i18n';
import { getTaxonomy } from '$lib/server/taxonomy';
import { listCountries } from '$lib/server/territories';
import type { PageServerLoad } from './$types';

// A reading page: server-rendered, no JavaScript; the filters are a plain GET form.
export const csr = false;

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const ctx = { actor: locals.actor, locale: locals.locale };
	const [countries, taxonomy] = [await listCountries(ctx), await getTaxonomy(ctx)];
	const labels = {
		country: Object.fromEntries(countries.map((country) => [country.code, country.name])),
		theme: Object.fromEntries(taxonomy.areas.flatMap((area) => area.themes.map((theme) => [theme.code, theme.label]))),
		sdg: Object.fromEntries(taxonomy.sdgs.map((sdg) => [sdg.code, `${sdg.number}. ${sdg.label}`]))
	};
	const query = readQuery(url);
	try {
		const result = await searchCatalogue(ctx, query);
		setHeaders({ 'cache-control': 'public, max-age=60' });
		return { query, result, labels, failure: null };
	} catch (thrown) {
		const error = asAppError(thrown);
		if (error.code === 'INTERNAL') throw thrown;
		// Bad parameters are shown beside the form, so the visitor can fix them.
		return {
			query,
			result: null,
			labels,
			failure: { summary: translate(`error_${error.code.toLowerCase()}`, locals.locale), fields: translateFields(error, locals.locale) }
		};
	}
};
