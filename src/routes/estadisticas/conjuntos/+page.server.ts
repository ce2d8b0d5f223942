import { readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { listDatasets } from '$lib/server/statistics';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ list: await listDatasets(contextOf(event), readQuery(event.url)) }));
