// Windows PowerShell writes Export-Clixml as UTF-16 LE with a BOM, PowerShell 7 as UTF-8 without one:
import { TextDecoder } from 'node:util';
// sniff, never assume, and decode fatally so a bad byte is an error rather than a silent U+FFFD.
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface SniffResult {
  encoding: TextEncodingName;
  bomLength: number;
}

export class UnsupportedEncodingError extends Error {}

export function sniffEncoding(head: Uint8Array): SniffResult {
  const [a, b, c, d] = head;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) {
    throw new UnsupportedEncodingError('UTF-32 is not supported: re-export with -Encoding Unicode or -Encoding UTF8');
  }
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) {
    throw new UnsupportedEncodingError('UTF-32 is not supported: re-export with -Encoding Unicode or -Encoding UTF8');
  }
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  // BOM-less UTF-16: `<` followed or preceded by a zero byte.
  if (a === 0x3c && b === 0) return { encoding: 'utf-16le', bomLength: 0 };
  if (a === 0 && b === 0x3c) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** A streaming decoder that throws on invalid input and skips the sniffed BOM. */
export function createDecoder(encoding: TextEncodingName): TextDecoder {
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
}

/** The bytes of ASCII `text` in a file of `encoding` (UTF-8 or UTF-16 LE). */
export function asciiBytes(text: string, encoding: 'utf-8' | 'utf-16le'): Buffer {
  return Buffer.from(text, encoding === 'utf-8' ? 'latin1' : 'utf16le');
}
