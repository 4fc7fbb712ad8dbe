import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openPieces } from '../../src/sources/file-pieces.js';
import type { TextEncodingName } from '../../src/sources/encoding.js';
import { tempDir } from '../helpers/clixml.js';

// Text whose `<` bytes also occur inside other characters' UTF-16 units (U+3C00, U+003C's neighbours).
const TEXT = '<Objs><S N="x">\u3c00\u0100\u3c41\u013c<\u3c3c>&lt;</S><S>\ud83d\udcca caf\u00e9 \u203c</S>' + '<B>true</B>'.repeat(40) + '</Objs>';
const BOMS = { 'utf-8': [0xef, 0xbb, 0xbf], 'utf-16le': [0xff, 0xfe], 'utf-16be': [0xfe, 0xff] };

function encode(text: string, encoding: TextEncodingName): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** The pieces of `bytes` read from a file in blocks of `blockBytes`, decoded each on its own (they are whole characters), and the rest at the end. */
async function pieces(bytes: Buffer, blockBytes: number): Promise<{ encoding: TextEncodingName | null; pieces: string[]; broken: boolean }> {
  const file = path.join(await tempDir(), 'x.xml');
  await writeFile(file, bytes);
  const reader = await openPieces(file, { start: 0, blockBytes });
  const texts: string[] = [];
  const decode = (piece: Buffer) => new TextDecoder(reader.encoding === 'utf-8' ? 'utf-8' : 'utf-16le', { fatal: true, ignoreBOM: true }).decode(piece);
  try {
    await reader.readTo(undefined, (piece) => texts.push(decode(piece)));
    const rest = reader.flush();
    texts.push(decode(rest.piece));
    return { encoding: reader.encoding, pieces: texts, broken: rest.broken };
  } finally {
    await reader.close();
  }
}

describe('file pieces', () => {
  test.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s with a BOM: every block size gives back the text, cut just before a "<"', async (encoding) => {
    const bytes = Buffer.concat([Buffer.from(BOMS[encoding]), encode(TEXT, encoding)]);
    for (const size of [1, 2, 3, 5, 7, 16, 33, 64, bytes.length]) {
      const result = await pieces(bytes, size);
      expect(result.encoding).toBe(encoding);
      expect(result.pieces.join('')).toBe(TEXT);
      expect(result.broken).toBe(false);
      // A piece with a "<" after its start was cut just before the next "<" (none is split in two).
      let cuts = 0;
      for (let i = 0; i < result.pieces.length - 1; i++) {
        const next = result.pieces.slice(i + 1).join('');
        if (result.pieces[i].lastIndexOf('<') > 0 && next.length > 0) {
          expect(next[0]).toBe('<');
          cuts++;
        }
      }
      if (size > 8) expect(cuts).toBeGreaterThan(0);
    }
  });

  // U+3C00 then U+0100 holds the bytes 3C 00 at an odd offset in UTF-16 LE; U+0100 then U+3C41, 00 3C in BE.
  test.each([
    ['utf-16le', 'x<a>\u3c00\u0100'],
    ['utf-16be', 'x<a>\u0100\u3c41'],
  ] as const)('%s: a "<" byte inside another character is not a cut point', async (encoding, text) => {
    const result = await pieces(Buffer.concat([Buffer.from(BOMS[encoding]), encode(text, encoding)]), 64);
    expect(result.pieces).toEqual(['x', '<a>' + text.slice(4)]);
  });

  test('a character cut short just before a "<" waits for the next piece (where it is found bad)', async () => {
    const file = path.join(await tempDir(), 'x.xml');
    await writeFile(file, Buffer.concat([Buffer.from('x<S>caf'), Buffer.from([0xc3]), Buffer.from('</S>')]));
    const reader = await openPieces(file, { start: 0, blockBytes: 64 });
    const seen: Buffer[] = [];
    await reader.readTo(undefined, (piece) => seen.push(Buffer.from(piece)));
    seen.push(reader.flush().piece);
    await reader.close();
    expect(seen.map((piece) => piece.toString('latin1'))).toEqual(['x<S>caf', '\u00c3</S>']);
  });

  test('bytes with no "<" are passed on whole, not held', async () => {
    const result = await pieces(Buffer.from('x<S>abcdefghij'), 7);
    expect(result.pieces).toEqual(['x', '<S>abcdefghij', '']);
  });

  test('an odd byte at the end of UTF-16 is no whole character', async () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const result = await pieces(Buffer.concat([Buffer.from(BOMS[encoding]), encode('<a/>', encoding), Buffer.from([0x20])]), 3);
      expect(result.pieces.join('')).toBe('<a/>');
      expect(result.broken).toBe(true);
    }
  });
});
