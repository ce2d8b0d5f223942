import { getExperienceFeed } from '$lib/server/experiences';
import { handleApi, readQuery } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Atom feed of newly published experiences: all, `?theme=…` or `?country=…`, in the page's language. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => {
		const locale = event.locals.locale;
		const xml = await getExperienceFeed({ actor: null, locale }, readQuery(event.url));
		return new Response(xml, {
			headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=300', 'content-language': locale }
		});
	});
