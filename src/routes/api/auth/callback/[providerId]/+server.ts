import { handleIdentityCallback } from '$lib/server/accounts';
import type { RequestHandler } from './$types';

/** An identity provider sends the browser back here (the redirect URI registered with it): Better Auth signs in. */
export const GET: RequestHandler = ({ request }) => handleIdentityCallback(request);
