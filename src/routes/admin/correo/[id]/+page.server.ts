import { contextOf } from '$lib/server/http/context';
import { loadOrError } from '$lib/server/http/load';
import { getMail } from '$lib/server/mail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	loadOrError(event.locals, async () => ({ message: await getMail(contextOf(event), event.params.id) }));
