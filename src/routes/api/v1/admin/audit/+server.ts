import { listAuditEvents } from '$lib/server/audit';
import { handleApi, readQuery } from '$lib/server/http/api';
import { contextOf } from '$lib/server/http/context';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	handleApi(event, (locale) => listAuditEvents({ ...contextOf(event), locale }, readQuery(event.url)));
