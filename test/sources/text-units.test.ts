import { unitText } from '../../src/sources/text-units.js';

/** Where a strict streaming decoder stops: the units of the whole characters before the first bad one, or -1. */
function expectedFirstInvalid(units: number[]): number {
  for (let i = 0; i < units.length; i++) {
    const c = units[i];
    if (c >= 0xdc00 && c <= 0xdfff) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 < units.length && units[i + 1] >= 0xdc00 && units[i + 1] <= 0xdfff) i++;
      else return i;
    }
  }
  return -1;
}

/** A seeded generator: the same cases on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe('UTF-16 validation', () => {
  const utf16 = unitText('utf-16le');
  const kinds = [0x41, 0x41, 0x41, 0x41, 0x9000, 0xd83d, 0xde00, 0xfffd];

  test('finds the first lone or reversed surrogate at every offset and buffer alignment', () => {
    const next = random(14);
    for (let round = 0; round < 4000; round++) {
      const units = Array.from({ length: 1 + Math.floor(next() * 40) }, () => kinds[Math.floor(next() * kinds.length)]);
      // Units that start on a 4-byte boundary, and one unit past it: the fast path reads aligned pairs.
      for (const offset of [0, 2]) {
        const buffer = Buffer.alloc(offset + 2 * units.length);
        units.forEach((unit, i) => buffer.writeUInt16LE(unit, offset + 2 * i));
        const bytes = buffer.subarray(offset);
        expect([units, offset, utf16.firstInvalid(bytes, utf16.view(bytes))]).toEqual([units, offset, expectedFirstInvalid(units)]);
      }
    }
  });

  test('a long valid run with one bad unit far in is found exactly', () => {
    for (const at of [0, 1, 7, 8, 9, 1023, 4096, 4097]) {
      const units = new Array<number>(5000).fill(0x41);
      units[at] = 0xdc00;
      const bytes = Buffer.alloc(2 * units.length);
      units.forEach((unit, i) => bytes.writeUInt16LE(unit, 2 * i));
      expect(utf16.firstInvalid(bytes, utf16.view(bytes))).toBe(at);
    }
  });
});
