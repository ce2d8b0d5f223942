import { AppError } from '$lib/server/errors/app-error';
import { handleApi } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

// Unknown API paths answer with the JSON error shape, not the HTML error page.
const notFound: RequestHandler = (event) =>
	handleApi(event, async () => {
		throw new AppError('NOT_FOUND', { details: { path: event.url.pathname } });
	});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
