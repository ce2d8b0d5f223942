import { getVersion } from '$lib/server/experiences';
import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = (event) => loadOrError(event.locals, async () => ({ version: await getVersion(contextOf(event), event.params.id, event.params.version) }));
