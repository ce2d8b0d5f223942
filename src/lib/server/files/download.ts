import { cleanFileName } from './upload-rules';

/**
 * The Content-Disposition of a file sent back: an ASCII fallback for old clients and the exact name in RFC 6266's
 * filename*, both built from a cleaned name so a stored "../" or a quote can never reach the header.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
	const safe = cleanFileName(fileName);
	const ascii = safe.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '').trim() || 'archivo';
	return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(safe)}`;
}

export interface FileToSend {
	body: Uint8Array | ReadableStream<Uint8Array>;
	contentType: string;
	fileName: string;
	/** A strong validator, e.g. the content's SHA-256 in hex. */
	etag?: string;
}

/**
 * An uploaded file as the browser must receive it: always a download, with the type found in its content, never
 * sniffed, sandboxed if opened anyway, and private unless the caller says the file is public.
 */
export function fileResponse(file: FileToSend, options: { cacheControl?: string; ifNoneMatch?: string | null } = {}): Response {
	const headers: Record<string, string> = {
		'content-type': file.contentType,
		'content-disposition': contentDisposition(file.fileName),
		'x-content-type-options': 'nosniff',
		'content-security-policy': "sandbox; default-src 'none'",
		'cache-control': options.cacheControl ?? 'private, no-store'
	};
	if (file.etag) headers.etag = `"${file.etag}"`;
	// The client's copy is still right (If-None-Match, RFC 9110 §13.1.2): 304, nothing to send again.
	if (file.etag && options.ifNoneMatch && matchesEtag(options.ifNoneMatch, file.etag)) {
		if (file.body instanceof ReadableStream) void file.body.cancel().catch(() => undefined);
		return new Response(null, { status: 304, headers: { etag: headers.etag, 'cache-control': headers['cache-control'] } });
	}
	if (file.body instanceof Uint8Array) headers['content-length'] = String(file.body.byteLength);
	const body = file.body instanceof Uint8Array ? new Uint8Array(file.body) : file.body;
	return new Response(body, { headers });
}

/** Whether an If-None-Match header names this entity tag (weak comparison, as GET allows) or is `*`. */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
	return ifNoneMatch.split(',').some((tag) => {
		const trimmed = tag.trim();
		return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${etag}"`;
	});
}
