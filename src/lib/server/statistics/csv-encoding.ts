// How the bytes of a statistics file become text: UTF-8 (with or without BOM) or Windows-1252, binary files and
// files mixing both refused, and a stored (gzipped) file decoded a piece at a time for the import.
import { isUtf8 } from 'node:buffer';
import { createGunzip } from 'node:zlib';
import { CsvDialectError } from './csv-dialect';

/** The encoding a file was read in: UTF-8 (with or without a byte order mark) or Windows-1252, a superset of Latin-1. */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

const BOM = [0xef, 0xbb, 0xbf] as const;

// Old DOS exports end with ^Z and copy-pasted cells carry the odd vertical tab: a few controls are tolerated, a
// share above this is a file that is not text (an image, a spreadsheet renamed to .csv, a compressed download).
const CONTROL_SHARE_LIMIT = 0.01;
const CONTROL_COUNT_TOLERATED = 2;

function isControlByte(byte: number): boolean {
	return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) || byte === 0x7f;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
	return line;
}

// Code points a UTF-8 sequence in a Latin American table plausibly encodes: accented letters, typographic
// punctuation and spaces, currency signs, the minus sign. A Latin-1 file yields a "valid" two-byte sequence only by
// accident (an upper-case accented letter followed by a symbol such as "Ñ–" decodes to Cyrillic), so counting only
// these keeps a genuine Latin-1 file from being taken for a mixed one.
function isPlausibleCodePoint(codePoint: number): boolean {
	return (codePoint >= 0xa0 && codePoint <= 0x24f) || (codePoint >= 0x2000 && codePoint <= 0x20cf) || codePoint === 0x2212;
}

interface Utf8Scan {
	plausible: number;
	firstPlausible: number;
	invalid: number;
	firstInvalid: number;
	/** Offset of a multi-byte sequence cut off by the end of the file, or -1. */
	truncatedTail: number;
}

// Walks the bytes as UTF-8 (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF); only reached when the
// strict decoder already refused the file, to tell Latin-1, mixed files and a file cut in the middle of a character.
function scanUtf8(bytes: Uint8Array, start: number): Utf8Scan {
	const scan: Utf8Scan = { plausible: 0, firstPlausible: -1, invalid: 0, firstInvalid: -1, truncatedTail: -1 };
	let i = start;
	while (i < bytes.length) {
		const lead = bytes[i];
		if (lead < 0x80) {
			i++;
			continue;
		}
		let length = 0;
		let low = 0x80;
		let high = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) length = 2;
		else if (lead >= 0xe0 && lead <= 0xef) {
			length = 3;
			if (lead === 0xe0) low = 0xa0;
			if (lead === 0xed) high = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			length = 4;
			if (lead === 0xf0) low = 0x90;
			if (lead === 0xf4) high = 0x8f;
		}
		let valid = length > 0;
		let available = 1;
		for (let k = 1; valid && k < length && i + k < bytes.length; k++) {
			const next = bytes[i + k];
			const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
			if (next < min || next > max) valid = false;
			else available++;
		}
		if (valid && available < length) {
			scan.truncatedTail = i;
			break;
		}
		if (!valid) {
			scan.invalid++;
			if (scan.firstInvalid < 0) scan.firstInvalid = i;
			i++;
			continue;
		}
		let codePoint = lead & (0xff >> (length + 1));
		for (let k = 1; k < length; k++) codePoint = (codePoint << 6) | (bytes[i + k] & 0x3f);
		if (isPlausibleCodePoint(codePoint)) {
			scan.plausible++;
			if (scan.firstPlausible < 0) scan.firstPlausible = i;
		}
		i += length;
		// Both kinds seen: the file is mixed, the rest of it changes nothing.
		if (scan.invalid > 0 && scan.plausible > 0) break;
	}
	return scan;
}

// Blank files are refused as empty: only spaces, tabs, line and form feeds after a possible BOM.
function refuseIfBlank(bytes: Uint8Array, start: number, end: number): void {
	for (let i = start; i < end; i++) {
		const byte = bytes[i];
		if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return;
	}
	throw new CsvDialectError('empty', 'The file is empty.');
}

/** How a file's bytes are to be read: its encoding, and where its text ends (before a character cut off at the end). */
export interface FileEncoding {
	encoding: CsvEncoding;
	/** Bytes to decode: the whole file, or up to a multi-byte character cut off by the end of the file. */
	end: number;
}

/**
 * Tells a file's encoding without decoding it: UTF-8 (with or without BOM, a character cut off by the end of the
 * file tolerated) or else Windows-1252. Throws CsvDialectError `binary`, `mixed_encoding` or `empty`.
 */
export function detectEncoding(bytes: Uint8Array): FileEncoding {
	if (bytes.length === 0) throw new CsvDialectError('empty', 'The file is empty.');
	// UTF-16 (Excel's "Unicode text") lands here too: every other byte of ASCII text is NUL.
	const nul = bytes.indexOf(0);
	if (nul >= 0) {
		const line = lineOfOffset(bytes, nul);
		throw new CsvDialectError('binary', `The file contains a NUL byte (line ${line}): it is not a text file.`, { line });
	}
	let controls = 0;
	for (let i = 0; i < bytes.length; i++) if (isControlByte(bytes[i])) controls++;
	if (controls > Math.max(CONTROL_COUNT_TOLERATED, bytes.length * CONTROL_SHARE_LIMIT)) {
		throw new CsvDialectError('binary', `${controls} of ${bytes.length} bytes are control characters: it is not a text file.`);
	}

	const hasBom = bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
	const start = hasBom ? 3 : 0;
	const utf8Encoding: CsvEncoding = hasBom ? 'utf-8-bom' : 'utf-8';
	// Validating is enough: a file is decoded later, a piece at a time, so a 64 MB upload is never one string.
	if (isUtf8(bytes.subarray(start))) {
		refuseIfBlank(bytes, start, bytes.length);
		return { encoding: utf8Encoding, end: bytes.length };
	}

	const scan = scanUtf8(bytes, start);
	if (scan.invalid === 0 && scan.truncatedTail >= 0) {
		// A download cut in the middle of a character: the last bytes are lost either way, the rest is UTF-8.
		refuseIfBlank(bytes, start, scan.truncatedTail);
		return { encoding: utf8Encoding, end: scan.truncatedTail };
	}
	if (hasBom || scan.plausible > 0) {
		// Decoding either way would garble part of the file (Ã± or �), and the importer cannot know which part.
		const utf8Line = hasBom ? 1 : lineOfOffset(bytes, scan.firstPlausible);
		const latin1Line = lineOfOffset(bytes, scan.firstInvalid);
		throw new CsvDialectError(
			'mixed_encoding',
			`The file mixes encodings: UTF-8 text (line ${utf8Line}) and bytes that are not UTF-8 (line ${latin1Line}). Save it again as UTF-8.`,
			{ line: latin1Line }
		);
	}
	refuseIfBlank(bytes, 0, bytes.length);
	return { encoding: 'windows-1252', end: bytes.length };
}

const decoderOf = (encoding: CsvEncoding) => new TextDecoder(encoding === 'windows-1252' ? 'windows-1252' : 'utf-8', { ignoreBOM: false });

/**
 * The first whole lines of a file, at most `maxBytes` of it, for guessing its dialect and mapping. Throws
 * `too_long` when that much holds no line end (a file of one enormous line).
 */
export function decodeHead(bytes: Uint8Array, file: FileEncoding, maxBytes: number): string {
	if (file.end <= maxBytes) return decoderOf(file.encoding).decode(bytes.subarray(0, file.end));
	const cut = bytes.lastIndexOf(0x0a, maxBytes - 1);
	if (cut < 0) throw new CsvDialectError('too_long', 'Line 1 is too long.', { line: 1 });
	return decoderOf(file.encoding).decode(bytes.subarray(0, cut + 1));
}

/** The text of a gzipped file, decoded a piece at a time (64 KiB of bytes each), so it is never held whole. */
export async function* readGzippedText(gzipped: Uint8Array, encoding: CsvEncoding): AsyncGenerator<string> {
	const decoder = decoderOf(encoding);
	const gunzip = createGunzip({ chunkSize: 64 * 1024 });
	gunzip.end(gzipped);
	for await (const chunk of gunzip as AsyncIterable<Buffer>) {
		const text = decoder.decode(chunk, { stream: true });
		if (text) yield text;
	}
	// A character cut off by the end of the file decodes to U+FFFD: dropped, as detectEncoding's `end` drops it.
	const rest = decoder.decode().replace(/\uFFFD$/, '');
	if (rest) yield rest;
}
