import { describe, expect, it } from 'vitest';
import type { CatalogueItem } from './catalogue-service';
import { toAtomFeed } from './feed';

const item = (id: string, title: string, publishedAt: string): CatalogueItem => ({
	id,
	title,
	summary: 'Resumen con <b>marcas</b> & símbolos',
	locale: 'es',
	translated: true,
	publishedAt,
	year: 2020,
	countries: ['BR'],
	municipalities: [{ id: 'BR-4314902', name: 'Porto Alegre' }],
	themes: ['participatory-budgeting'],
	sdgs: ['SDG16'],
	sizeBand: 'gt1m',
	score: 4.5,
	recognised: true,
	isDemo: false
});

const options = {
	selfUrl: 'https://cabildo.example/experiencias/feed.atom',
	siteUrl: 'https://cabildo.example/experiencias',
	title: 'Cabildo: experiencias',
	subtitle: 'Las más recientes',
	locale: 'es',
	itemUrl: (id: string) => `https://cabildo.example/experiencias/${id}`,
	categoryLabel: (code: string) => (code === 'SDG16' ? '16. Paz' : 'Presupuesto participativo')
};

// RFC 4287 §4.1.1–4.1.2: a feed and each entry need id, title and updated; the feed an author and a self link.
describe('toAtomFeed', () => {
	const xml = toAtomFeed([item('11111111-1111-4111-8111-111111111111', 'Orçamento & participação', '2026-10-02T10:00:00.000Z')], options);

	it('writes the elements RFC 4287 requires, escaped', () => {
		expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
		expect(xml).toContain('<id>https://cabildo.example/experiencias/feed.atom</id>');
		expect(xml).toContain('<link rel="self" href="https://cabildo.example/experiencias/feed.atom"/>');
		expect(xml).toContain('<updated>2026-10-02T10:00:00.000Z</updated>');
		expect(xml).toMatch(/<author>\s*<name>Cabildo<\/name>/);
		expect(xml).toContain('<id>urn:uuid:11111111-1111-4111-8111-111111111111</id>');
		expect(xml).toContain('<link href="https://cabildo.example/experiencias/11111111-1111-4111-8111-111111111111"/>');
		expect(xml).toContain('<title type="html"><![CDATA[Orçamento &amp; participação]]></title>');
		expect(xml).toMatch(/<category[^>]* term="SDG16"/);
		// Plain text stays text in readers that render type="html".
		expect(xml).toContain('Resumen con &lt;b&gt;marcas&lt;/b&gt; &amp; símbolos');
	});

	it('has an updated date even when empty', () => {
		expect(toAtomFeed([], options)).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
	});
});
