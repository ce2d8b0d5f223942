import { fileTypeFromBuffer } from 'file-type';

/** Largest file accepted (20 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
// What the content must be, by the extensions a name may have for it. Old Office formats are Compound File Binary.
const accepted: Record<string, { mime: string; names: string[] }> = {
	pdf: { mime: 'application/pdf', names: ['pdf'] },
	png: { mime: 'image/png', names: ['png'] },
	jpg: { mime: 'image/jpeg', names: ['jpg', 'jpeg'] },
	gif: { mime: 'image/gif', names: ['gif'] },
	webp: { mime: 'image/webp', names: ['webp'] },
	docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', names: ['docx'] },
	xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', names: ['xlsx'] },
	pptx: { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', names: ['pptx'] },
	odt: { mime: 'application/vnd.oasis.opendocument.text', names: ['odt'] },
	ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', names: ['ods'] },
	odp: { mime: 'application/vnd.oasis.opendocument.presentation', names: ['odp'] },
	cfb: { mime: 'application/x-cfb', names: ['doc', 'xls', 'ppt'] }
};

/** Why a file is refused, or its real type. */
export type AttachmentCheck =
	| { ok: true; contentType: string; fileName: string }
	| { ok: false; reason: 'empty' | 'too_large' | 'type_not_allowed' | 'name_mismatch' };

/** A file name safe to store and to send back in Content-Disposition: no path, no control characters, at most 150 characters. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const cleaned = base.replace(/[\p{Cc}"<>|:*?]/gu, '').trim().slice(-150);
	return cleaned || 'archivo';
}

/**
 * Checks an upload by its bytes, never by its name or the browser's claimed type: PDF, images and office documents
 * only, at most 20 MB, and a name whose extension agrees with what the content is (a disguised file is refused).
 */
export async function checkAttachment(name: string, bytes: Uint8Array): Promise<AttachmentCheck> {
	if (!bytes.length) return { ok: false, reason: 'empty' };
	if (bytes.length > MAX_ATTACHMENT_BYTES) return { ok: false, reason: 'too_large' };
	const detected = await fileTypeFromBuffer(bytes);
	const kind = detected && accepted[detected.ext];
	if (!kind) return { ok: false, reason: 'type_not_allowed' };
	const fileName = cleanFileName(name);
	const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName)?.[1]?.toLowerCase();
	if (!extension || !kind.names.includes(extension)) return { ok: false, reason: 'name_mismatch' };
	return { ok: true, contentType: kind.mime, fileName };
}
