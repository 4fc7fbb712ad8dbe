// The code units of an export file as the tokenizer reads them, without decoding: UTF-8 bytes, or UTF-16
// code units (UTF-16 BE is swapped to LE first). Markup is ASCII, so `<`, `>`, quotes and names are found and
// compared as units; only the values a reader keeps are decoded to strings (issue 14: scan bytes, not strings).
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type Units = Uint8Array | Uint16Array;
export type UnitEncoding = 'utf-8' | 'utf-16le';

export interface UnitText {
  readonly encoding: UnitEncoding;
  /** Bytes per code unit. */
  readonly width: 1 | 2;
  /** The first unit at or above this may need a second look in a text (U+FFFE, U+FFFF). */
  readonly high: number;
  /** The units of `bytes` (whole units; an even byte offset for UTF-16, copied if need be). */
  view(bytes: Buffer): Units;
  /** The first unit `code` (ASCII) in [from, to), or -1. */
  find(bytes: Buffer, units: Units, code: number, from: number, to: number): number;
  /** Units [start, end) as a string. */
  decode(bytes: Buffer, start: number, end: number): string;
  /** UTF-16 units (string length) of units [start, end). */
  utf16Length(units: Units, start: number, end: number): number;
  /** The unit offset after `start` that is `length` UTF-16 units on. */
  offsetOf(units: Units, start: number, length: number): number;
  /** The first unit of a bad sequence in whole characters `units`, or -1 if they are valid. */
  firstInvalid(bytes: Buffer, units: Units): number;
  /** The encoding of ASCII `text`. */
  ascii(text: string): Buffer;
}

const UTF8: UnitText = {
  encoding: 'utf-8',
  width: 1,
  high: 0xef,
  view: (bytes) => bytes,
  find(bytes, _units, code, from, to) {
    const at = bytes.indexOf(code, from);
    return at < to ? at : -1;
  },
  decode: (bytes, start, end) => bytes.toString('utf8', start, end),
  utf16Length(units, start, end) {
    let length = 0;
    for (let i = start; i < end; i++) {
      const c = units[i];
      if ((c & 0xc0) !== 0x80) length += c >= 0xf0 ? 2 : 1; // a 4-byte sequence is a surrogate pair
    }
    return length;
  },
  offsetOf(units, start, length) {
    let i = start;
    for (let n = 0; n < length && i < units.length; ) {
      const c = units[i];
      const size = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      n += size === 4 ? 2 : 1;
      i += size;
    }
    return i;
  },
  firstInvalid(bytes) {
    return isUtf8(bytes) ? -1 : validPrefix(bytes, 'utf-8');
  },
  ascii: (text) => Buffer.from(text, 'latin1'),
};

/**
 * The bytes of the whole characters before the first bad sequence of `bytes` (rare: only on a bad byte). As
 * a streaming decoder sees it: a character begun at the end, and not finished, is not counted.
 */
function validPrefix(bytes: Buffer, encoding: UnitEncoding): number {
  const decode = (length: number) => new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, length), { stream: true });
  const valid = (length: number) => {
    try {
      decode(length);
      return true;
    } catch {
      return false;
    }
  };
  let [good, bad] = [0, bytes.length + 1];
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (valid(mid)) good = mid;
    else bad = mid;
  }
  return Buffer.byteLength(decode(good), encoding === 'utf-8' ? 'utf8' : 'utf16le');
}

const UTF16: UnitText = {
  encoding: 'utf-16le',
  width: 2,
  high: 0xfffe,
  view(bytes) {
    const aligned = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes);
    return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length >> 1);
  },
  find(bytes, units, code, from, to) {
    // One byte at a time is the fastest Buffer.indexOf; a hit counts at an even offset with a zero high byte.
    for (let at = bytes.indexOf(code, from * 2); at !== -1 && at < to * 2; at = bytes.indexOf(code, at + 1)) {
      if ((at & 1) === 0 && bytes[at + 1] === 0) return at >> 1;
    }
    return -1;
  },
  decode: (bytes, start, end) => bytes.toString('utf16le', start * 2, end * 2),
  utf16Length: (_units, start, end) => end - start,
  offsetOf: (_units, start, length) => start + length,
  firstInvalid(_bytes, units) {
    const n = units.length;
    // Eight units at a time where it can (four aligned pairs, none at or above 0x8000: a surrogate is at least
    // 0xD800, and most text is far below it); one at a time elsewhere, until aligned again.
    const lead = (units.byteOffset >> 1) & 1; // units before the first 4-byte boundary
    const pairs = new Uint32Array(units.buffer, units.byteOffset + 2 * lead, Math.max(0, n - lead) >> 1);
    for (let i = 0; i < n; ) {
      if (i >= lead && ((i - lead) & 7) === 0 && i + 8 <= n) {
        const k = (i - lead) >> 1;
        if (((pairs[k] | pairs[k + 1] | pairs[k + 2] | pairs[k + 3]) & 0x80008000) === 0) {
          i += 8;
          continue;
        }
      }
      const c = units[i];
      if (isLowSurrogate(c)) return i;
      if (isHighSurrogate(c)) {
        if (i + 1 < n && isLowSurrogate(units[i + 1])) i += 2;
        else return i;
      } else i++;
    }
    return -1;
  },
  ascii: (text) => Buffer.from(text, 'utf16le'),
};

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function unitText(encoding: UnitEncoding): UnitText {
  return encoding === 'utf-8' ? UTF8 : UTF16;
}
