import sanitizeHtml from 'sanitize-html';

// A small, safe subset: what a municipal officer needs to structure a description, nothing that runs or styles.
const policy: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'ul', 'ol', 'li', 'blockquote', 'h3', 'h4', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
	// `rel` is set by the transform below, overriding whatever the user wrote.
	allowedAttributes: { a: ['href', 'hreflang', 'rel'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	transformTags: {
		b: 'strong',
		i: 'em',
		// Links written by users open as ordinary links, never pass our referrer or authority.
		a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' })
	}
};

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char]);

/**
 * Turns what a user typed into safe HTML: plain text becomes paragraphs (blank lines) and line breaks;
 * HTML keeps only the allowed tags, with no scripts, event handlers, styles or `javascript:` URLs.
 */
export function sanitizeRichText(input: string): string {
	const text = input.replace(/\r\n?/g, '\n').trim();
	if (!text) return '';
	if (!/<[a-z!/]/i.test(text)) {
		return text
			.split(/\n{2,}/)
			.map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\n/g, '<br>')}</p>`)
			.join('');
	}
	return sanitizeHtml(text, policy).trim();
}

/** The words of a rich text without its tags (for search, summaries, feeds and exports). */
export function plainTextOf(html: string): string {
	if (!html.includes('<')) return html;
	return sanitizeHtml(html.replace(/<\/(p|li|h3|h4|blockquote|tr)>|<br\s*\/?>/gi, '$&\n'), { allowedTags: [], allowedAttributes: {} })
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

/** Rich text back in the form it is typed in: paragraphs and line breaks become plain text again; other markup stays. */
export function toEditableText(html: string): string {
	if (!/^<p>/.test(html) || /<(?!\/?p>|br>)/.test(html)) return html;
	return html
		.replace(/<\/p><p>/g, '\n\n')
		.replace(/<\/?p>/g, '')
		.replace(/<br>/g, '\n')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}
