import { Feed } from 'feed';
import type { CatalogueItem } from './mappers';

// The library marks titles and summaries as type="html"; ours are plain text, so they are escaped to stay text.
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Builds an RFC 4287 Atom document of published experiences (newest first). */
export function toAtomFeed(
	items: CatalogueItem[],
	options: { selfUrl: string; siteUrl: string; title: string; subtitle: string; locale: string; itemUrl: (id: string) => string; categoryLabel: (code: string) => string }
): string {
	const feed = new Feed({
		id: options.selfUrl,
		title: options.title,
		description: options.subtitle,
		link: options.siteUrl,
		language: options.locale,
		copyright: 'CC BY 4.0',
		updated: items[0] ? new Date(items[0].publishedAt) : new Date(0),
		generator: 'Cabildo',
		feedLinks: { atom: options.selfUrl },
		author: { name: 'Cabildo' }
	});
	for (const item of items) {
		feed.addItem({
			id: `urn:uuid:${item.id}`,
			title: escapeHtml(item.title),
			link: options.itemUrl(item.id),
			description: escapeHtml(item.summary),
			date: new Date(item.publishedAt),
			published: new Date(item.publishedAt),
			author: item.municipalities.map((place) => ({ name: place.name })),
			category: [...item.themes, ...item.sdgs].map((code) => ({ term: code, name: options.categoryLabel(code) }))
		});
	}
	return feed.atom1();
}
