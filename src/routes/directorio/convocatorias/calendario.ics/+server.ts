import { getCallCalendar } from '$lib/server/directory';
import { getConfig } from '$lib/server/config';
import { handleApi, readQuery } from '$lib/server/http/api';
import { localePrefix, translate } from '$lib/server/i18n';
import type { RequestHandler } from './$types';

/** iCalendar feed of funding-call deadlines: all, `?theme=…` or `?country=…`; subscribe from any calendar client. */
export const GET: RequestHandler = (event) =>
	handleApi(event, async () => {
		const locale = event.locals.locale;
		const ics = await getCallCalendar({ locale }, readQuery(event.url), {
			origin: `${getConfig().origin}${localePrefix(locale)}`,
			name: translate('calendar_name', locale)
		});
		return new Response(ics, {
			headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': 'inline; filename="cabildo-convocatorias.ics"', 'cache-control': 'public, max-age=300' }
		});
	});
