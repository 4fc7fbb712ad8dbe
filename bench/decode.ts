// Streams a file as text, choosing the decoder by its byte-order mark: FF FE is UTF-16 LE (Windows
// PowerShell's Export-Clixml), otherwise UTF-8 (PowerShell 7), with or without EF BB BF. Decoding is
// fatal: a bad byte sequence throws instead of turning into U+FFFD.
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';

export const CHUNK_BYTES = 64 * 1024;

export function encodingOf(head: Uint8Array): 'utf-16le' | 'utf-8' {
  return head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : 'utf-8';
}

/** Decoded text of `file` in chunks of about `chunkBytes` bytes each; the BOM is dropped. */
export async function* decodeFile(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let head: Buffer | undefined; // bytes held back until there are enough to see a BOM
  for await (const chunk of createReadStream(file, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
    let bytes = chunk;
    if (decoder === undefined) {
      head = head ? Buffer.concat([head, chunk]) : chunk;
      if (head.length < 2) continue;
      decoder = new TextDecoder(encodingOf(head), { fatal: true });
      bytes = head;
    }
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) yield text;
  }
  // A file of under two bytes never chose a decoder: it is UTF-8 (or nothing).
  const rest = decoder ? decoder.decode() : new TextDecoder('utf-8', { fatal: true }).decode(head);
  if (rest.length > 0) yield rest;
}
