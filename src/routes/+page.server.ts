import type { PageServerLoad } from './$types';

// The home page is a search box and links: no JavaScript sent.
export const csr = false;

export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'public, max-age=300' });
};
