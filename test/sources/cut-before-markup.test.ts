import { createMarkupCutter } from '../../src/sources/cut-before-markup.js';
import { createDecoder, type TextEncodingName } from '../../src/sources/encoding.js';

// Text whose `<` bytes also occur inside other characters' UTF-16 units (U+3C00, U+003C's neighbours).
const TEXT = '<Objs><S N="x">\u3c00\u0100\u3c41\u013c<\u3c3c>&lt;</S><S>\ud83d\udcca caf\u00e9 \u203c</S>' + '<B>true</B>'.repeat(40) + '</Objs>';

function encode(text: string, encoding: TextEncodingName): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}

/** Feeds `bytes` in chunks of `size` and decodes the pieces the way the reader does. */
function run(bytes: Buffer, encoding: TextEncodingName, size: number): { text: string; pieces: string[] } {
  const cutter = createMarkupCutter(encoding);
  const decoder = createDecoder(encoding);
  const pieces: string[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(decoder.decode(cutter.piece(bytes.subarray(i, i + size)), { stream: true }));
  pieces.push(decoder.decode(cutter.rest(), { stream: true }) + decoder.decode());
  return { text: pieces.join(''), pieces };
}

describe('createMarkupCutter', () => {
  test.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s: every chunking gives back the text, cut just before a "<"', (encoding) => {
    const bytes = encode(TEXT, encoding);
    for (const size of [1, 2, 3, 5, 7, 16, 33, 64, bytes.length]) {
      const { text, pieces } = run(bytes, encoding, size);
      expect(text).toBe(TEXT);
      // A piece with a "<" after its start was cut just before the next "<" (none is split in two).
      let cuts = 0;
      for (let i = 0; i < pieces.length - 1; i++) {
        const next = pieces.slice(i + 1).join('');
        if (pieces[i].lastIndexOf('<') > 0 && next.length > 0) {
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
  ] as const)('%s: a "<" byte inside another character is not a cut point', (encoding, text) => {
    const cutter = createMarkupCutter(encoding);
    const piece = cutter.piece(encode(text, encoding));
    expect(piece.length % 2).toBe(0);
    expect(createDecoder(encoding).decode(piece)).toBe('x');
  });

  // So a decoder of its own can decode any piece: the reader finds a bad byte that way.
  test.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('%s: every piece holds whole characters, whatever the chunking', (encoding) => {
    const text = 'x<S>' + 'caf\u00e9 \u203c \ud83d\udcca '.repeat(20) + '</S>';
    const bytes = encode(text, encoding);
    for (const size of [1, 2, 3, 5, 7, 16, 33]) {
      const cutter = createMarkupCutter(encoding);
      const pieces: string[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(createDecoder(encoding).decode(cutter.piece(bytes.subarray(i, i + size))));
      pieces.push(createDecoder(encoding).decode(cutter.rest()));
      expect({ size, text: pieces.join('') }).toEqual({ size, text });
    }
  });

  test('a character cut short just before a "<" waits for the next piece (where the decoder finds it bad)', () => {
    const cutter = createMarkupCutter('utf-8');
    const piece = cutter.piece(Buffer.concat([Buffer.from('x<S>caf'), Buffer.from([0xc3]), Buffer.from('</S>')]));
    expect(piece.toString('latin1')).toBe('x<S>caf');
    expect(cutter.rest()).toEqual(Buffer.concat([Buffer.from([0xc3]), Buffer.from('</S>')]));
    const utf16 = createMarkupCutter('utf-16le');
    const lone = Buffer.concat([Buffer.from('x<S>a', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('</S>', 'utf16le')]);
    expect(createDecoder('utf-16le').decode(utf16.piece(lone))).toBe('x<S>a');
  });

  test('a chunk with no "<" is passed on whole, not held', () => {
    const cutter = createMarkupCutter('utf-8');
    expect(cutter.piece(Buffer.from('x<S>abc')).toString()).toBe('x');
    expect(cutter.piece(Buffer.from('defghij')).toString()).toBe('<S>abcdefghij');
    expect(cutter.rest().length).toBe(0);
  });
});
