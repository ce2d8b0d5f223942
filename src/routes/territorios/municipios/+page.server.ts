import { readQuery } from '$lib/server/http/api';
import { asAppError, translateFields } from '$lib/server/http/error-body';
import { translate } from '$lib/server/i18n';
import { getCountry, listCountries, searchMunicipalities } from '$lib/server/territories';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const countries = await listCountries({ locale: locals.locale });
	let query: Record<string, string> = {};
	try {
		query = readQuery(url);
		const result = await searchMunicipalities({ locale: locals.locale }, query);
		setHeaders({ 'cache-control': 'public, max-age=60' });
		return { countries, admin1: await admin1Options(locals.locale, query.country), query, result, failure: null };
	} catch (thrown) {
		const error = asAppError(thrown);
		if (error.code === 'INTERNAL') throw thrown;
		// Bad parameters are shown beside the form rather than as an error page, so the visitor can fix them.
		return {
			countries,
			admin1: await admin1Options(locals.locale, query.country),
			query,
			result: null,
			failure: { summary: translate(`error_${error.code.toLowerCase()}`, locals.locale), fields: translateFields(error, locals.locale) }
		};
	}
};

// Once a country is chosen, its first-level units become a second filter (none for an unknown country).
async function admin1Options(locale: App.Locals['locale'], country: string | undefined) {
	if (!country) return [];
	return getCountry({ locale }, country).then(
		(found) => found.admin1,
		() => []
	);
}
