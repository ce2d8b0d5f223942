import { describe, expect, it } from 'vitest';
import { plainTextOf, sanitizeRichText, toEditableText } from './rich-text';

// A representative list of XSS payloads (OWASP filter-evasion cheat sheet families).
const payloads = [
	'<script>alert(1)</script>',
	'<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
	'<img src=x onerror=alert(1)>',
	'<svg onload=alert(1)>',
	'<svg><script>alert(1)</script></svg>',
	'<a href="javascript:alert(1)">x</a>',
	'<a href="JaVaScRiPt:alert(1)">x</a>',
	'<a href="jav&#x09;ascript:alert(1)">x</a>',
	'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
	'<a href=" javascript:alert(1)">x</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
	'<a href="vbscript:msgbox(1)">x</a>',
	'<p onclick="alert(1)">x</p>',
	'<p style="background:url(javascript:alert(1))">x</p>',
	'<iframe src="https://evil.example"></iframe>',
	'<object data="x.swf"></object>',
	'<embed src="x.swf">',
	'<form action="https://evil.example"><input name=a></form>',
	'<body onload=alert(1)>',
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
	'<details open ontoggle=alert(1)>',
	'<div><style>@import "https://evil.example/x.css";</style></div>',
	'"><script>alert(1)</script>',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
	'<base href="https://evil.example/">',
	'<a href="//evil.example">x</a>',
	'<<script>script>alert(1)<</script>/script>',
	'<noscript><p title="</noscript><img src=x onerror=alert(1)>">'
];

describe('sanitizeRichText', () => {
	it.each(payloads)('leaves nothing executable of %s', (payload) => {
		const clean = sanitizeRichText(`<p>ok</p>${payload}`);
		expect(clean).not.toMatch(/<script|<iframe|<object|<embed|<form|<style|<meta|<base|<svg|<img|<input|<details/i);
		expect(clean).not.toMatch(/\son[a-z]+\s*=/i);
		expect(clean).not.toMatch(/javascript:|vbscript:|data:/i);
		expect(clean).not.toMatch(/style=/i);
		expect(clean).not.toMatch(/href="\/\//i);
	});

	it('keeps the allowed structure and safe links, marked as user content', () => {
		const clean = sanitizeRichText('<p>Uno <b>dos</b></p><ul><li>tres</li></ul><a href="https://example.org/a?b=1">enlace</a>');
		expect(clean).toBe(
			'<p>Uno <strong>dos</strong></p><ul><li>tres</li></ul><a href="https://example.org/a?b=1" rel="nofollow ugc noopener">enlace</a>'
		);
	});

	it('turns plain text into escaped paragraphs and line breaks', () => {
		expect(sanitizeRichText('Primera línea\nsegunda < 3 & más\n\nOtro párrafo')).toBe(
			'<p>Primera línea<br>segunda &lt; 3 &amp; más</p><p>Otro párrafo</p>'
		);
		expect(sanitizeRichText('   ')).toBe('');
	});

	it('gives back the words without tags', () => {
		expect(plainTextOf('<p>Uno &amp; <strong>dos</strong></p><p>tres</p>')).toBe('Uno & dos\ntres');
		expect(plainTextOf('sin etiquetas')).toBe('sin etiquetas');
	});
});

describe('toEditableText', () => {
	it('gives plain paragraphs back as typed, and leaves other markup alone', () => {
		const typed = 'Primera línea\nsegunda < 3 & más\n\nOtro párrafo';
		expect(toEditableText(sanitizeRichText(typed))).toBe(typed);
		expect(toEditableText('<p>Uno <strong>dos</strong></p>')).toBe('<p>Uno <strong>dos</strong></p>');
	});
});
