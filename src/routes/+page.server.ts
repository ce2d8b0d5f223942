import type { PageServerLoad } from './$types';

// The home page introduces each module with its ways in: no JavaScript sent.
export const csr = false;

export const load: PageServerLoad = ({ locals, setHeaders }) => {
	// The same page for every anonymous visitor, kept five minutes (purged at once on a public change).
	if (!locals.actor) setHeaders({ 'cache-control': 'public, max-age=300' });
	return { signedIn: !!locals.actor };
};
