import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvDialectError } from './csv-dialect';
import { decodeHead, detectEncoding, readGzippedText } from './csv-encoding';

function dialectError(run: () => unknown): CsvDialectError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(CsvDialectError);
		return error as CsvDialectError;
	}
	throw new Error('expected a CsvDialectError');
}

// A whole file decoded as the upload reads its head, with no limit.
const decodeCsvBytes = (bytes: Uint8Array) => {
	const file = detectEncoding(bytes);
	return { text: decodeHead(bytes, file, Infinity), encoding: file.encoding };
};

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

async function gunzippedText(bytes: Uint8Array, encoding: Parameters<typeof readGzippedText>[1]) {
	const pieces: string[] = [];
	for await (const piece of readGzippedText(gzipSync(bytes), encoding)) pieces.push(piece);
	return pieces;
}

describe('a whole file through detectEncoding and decodeHead', () => {
	it('decodes Latin-1 bytes as Windows-1252', () => {
		const text = 'Región;Año;Valor\nÑuñoa;2020;1.234,5\n';
		expect(decodeCsvBytes(Buffer.from(text, 'latin1'))).toEqual({ text, encoding: 'windows-1252' });
		// The bytes 0x80–0x9F are Windows-1252 punctuation, not C1 controls.
		expect(decodeCsvBytes(Uint8Array.from([0x80, 0x20, 0x93, 0x61, 0x94])).text).toBe('€ “a”');
	});

	it('decodes UTF-8 with and without a BOM and drops the BOM', () => {
		const text = 'Município;Ano;Valor\nSão Paulo;2020;12,5\n';
		expect(decodeCsvBytes(utf8(text))).toEqual({ text, encoding: 'utf-8' });
		expect(decodeCsvBytes(concat(Uint8Array.from([0xef, 0xbb, 0xbf]), utf8(text)))).toEqual({ text, encoding: 'utf-8-bom' });
	});

	it('keeps a UTF-8 file cut in the middle of its last character', () => {
		const bytes = utf8('Comuna;Valor\nÑuñoa;1\nPeñ');
		expect(decodeCsvBytes(bytes.subarray(0, bytes.length - 1))).toEqual({ text: 'Comuna;Valor\nÑuñoa;1\nPe', encoding: 'utf-8' });
	});

	it('refuses a file that mixes UTF-8 and Latin-1 lines, or a BOM with Latin-1 bytes', () => {
		const mixed = concat(utf8('Comuna;Valor\nÑuñoa;1\n'), Buffer.from('Peñalolén;2\n', 'latin1'));
		const error = dialectError(() => decodeCsvBytes(mixed));
		expect(error.code).toBe('mixed_encoding');
		expect(error.line).toBe(3);

		const bomLatin1 = concat(Uint8Array.from([0xef, 0xbb, 0xbf]), Buffer.from('Región;Año\n', 'latin1'));
		expect(dialectError(() => decodeCsvBytes(bomLatin1)).code).toBe('mixed_encoding');
	});

	it('does not take an accidental UTF-8-looking pair in a Latin-1 file for a mixed file', () => {
		// "Ñ" then an en dash (0xD1 0x96) is well-formed UTF-8 for a Cyrillic letter, not something a table holds.
		const bytes = Buffer.from('Nombre;Valor\nESPAÑ\u2013A;1\nAño;2\n', 'latin1');
		const cp1252 = Uint8Array.from(bytes.map((byte) => (byte === 0x13 ? 0x96 : byte)));
		expect(decodeCsvBytes(cp1252).encoding).toBe('windows-1252');
	});

	it('refuses binary files: NUL bytes, UTF-16, a high share of control characters', () => {
		const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
		expect(dialectError(() => decodeCsvBytes(zip)).code).toBe('binary');
		expect(dialectError(() => decodeCsvBytes(Buffer.from('\ufeffa;b\n', 'utf16le'))).code).toBe('binary');
		const controls = Uint8Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 0x01 : 0x41));
		expect(dialectError(() => decodeCsvBytes(controls)).code).toBe('binary');
		// One stray ^Z at the end of an old DOS export is tolerated.
		expect(decodeCsvBytes(utf8('a;b\n1;2\n\x1a')).encoding).toBe('utf-8');
	});

	it('refuses an empty file, whitespace only, or a BOM alone', () => {
		expect(dialectError(() => decodeCsvBytes(new Uint8Array())).code).toBe('empty');
		expect(dialectError(() => decodeCsvBytes(utf8(' \r\n\t\n'))).code).toBe('empty');
		expect(dialectError(() => decodeCsvBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x0a]))).code).toBe('empty');
	});
});


describe('detectEncoding', () => {
	it('tells the encoding and where the text ends without decoding', () => {
		expect(detectEncoding(utf8('a;b\n1;2\n'))).toEqual({ encoding: 'utf-8', end: 8 });
		expect(detectEncoding(Buffer.from('Año;b\n', 'latin1'))).toEqual({ encoding: 'windows-1252', end: 6 });
		const cut = utf8('a;b\nPeñ').subarray(0, 7);
		expect(detectEncoding(cut)).toEqual({ encoding: 'utf-8', end: 6 });
	});
});

describe('decodeHead', () => {
	it('decodes the whole file when it is short, else up to the last line end within the limit', () => {
		const bytes = utf8('a;b\n1;2\n3;4\n');
		expect(decodeHead(bytes, detectEncoding(bytes), 100)).toBe('a;b\n1;2\n3;4\n');
		expect(decodeHead(bytes, detectEncoding(bytes), 10)).toBe('a;b\n1;2\n');
	});

	it('refuses a file whose first line does not end within the limit', () => {
		const bytes = utf8(`${'x;'.repeat(100)}\n1;2\n`);
		expect(dialectError(() => decodeHead(bytes, detectEncoding(bytes), 50)).code).toBe('too_long');
	});
});

describe('readGzippedText', () => {
	it('decodes a stored file in pieces without splitting a character between them', async () => {
		// Two-byte letters across many 64 KiB pieces: a piece boundary falls inside one of them.
		const text = `Município;Valor\n${'São João do Piauí;1,5\n'.repeat(20_000)}`;
		const pieces = await gunzippedText(utf8(text), 'utf-8');
		expect(pieces.length).toBeGreaterThan(1);
		expect(pieces.join('')).toBe(text);
	});

	it('drops a BOM, decodes Windows-1252 and drops a character cut off at the end', async () => {
		expect((await gunzippedText(concat(Uint8Array.from([0xef, 0xbb, 0xbf]), utf8('a;b\n')), 'utf-8-bom')).join('')).toBe('a;b\n');
		expect((await gunzippedText(concat(Buffer.from('Año;', 'latin1'), Uint8Array.from([0x80, 0x0a])), 'windows-1252')).join('')).toBe('Año;€\n');
		expect((await gunzippedText(utf8('a;Peñ').subarray(0, 5), 'utf-8')).join('')).toBe('a;Pe');
	});
});
