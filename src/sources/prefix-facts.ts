// What a part of a split file needs to know about the bytes before it, found without reading them fully:
// the line it starts on, and the type names of every `<TN>` (a later `<TNRef>` may point back to one).
// About 1 GB/s: the newlines and `<TN ` are found with Buffer.indexOf. This is a guess, not a reading: a
// `<TN>` inside a comment is taken, a `<TN` followed by a tab or a line end is missed. part-chain.ts
// compares the facts with a real reading's before any part's results count, so a wrong guess costs time
// (the reading before the part reads its bytes again), never a wrong result.
import { closeSync, openSync, readSync } from 'node:fs';
import { decodeClixmlEscapes } from './clixml-escapes.js';
import type { PrefixFacts } from './clixml-reader.js';
import { attributeText, createClixmlTokenizer, type Tokenizer } from './clixml-tokenizer.js';
import { asciiBytes, type TextEncodingName } from './encoding.js';

const BLOCK = 1 << 20;
/** A `<TN>` element longer than this is not read: the part's facts are then unknown. */
const MAX_TN_BYTES = 1 << 16;

/**
 * The facts of bytes [0, end) of `file`; null if the file or a `<TN>` there cannot be read. The part after
 * them then does not count, and the reading before it reads on (and reports a real error itself).
 */
export function prefixFacts(file: string, encoding: 'utf-8' | 'utf-16le', end: number): PrefixFacts | null {
  try {
    return readFacts(file, encoding, end);
  } catch {
    return null;
  }
}

function readFacts(file: string, encoding: 'utf-8' | 'utf-16le', end: number): PrefixFacts | null {
  const unit = asciiBytes(' ', encoding).length;
  const bytesOf = (text: string) => asciiBytes(text, encoding);
  const tnStart = bytesOf('<TN ');
  const tnEnd = bytesOf('</TN>');
  // Synchronous reads: this runs on a worker thread before its part, with nothing else to do (file-blocks.ts).
  const fd = openSync(file, 'r');
  try {
    const block = Buffer.alloc(BLOCK + tnStart.length);
    const typeNames = new Map<string, string[]>();
    let line = 1;
    for (let pos = 0; pos < end; pos += BLOCK) {
      // Read a little past the block, so a `<TN ` across its end is seen; only what starts inside counts.
      const bytesRead = readSync(fd, block, 0, Math.min(block.length, end - pos), pos);
      const data = block.subarray(0, bytesRead);
      const inside = Math.min(BLOCK, bytesRead);
      // A one-byte search is the fastest Buffer.indexOf; in UTF-16 LE a newline is 0A 00 at an even offset.
      for (let i = data.indexOf(0x0a); i !== -1 && i < inside; i = data.indexOf(0x0a, i + 1)) if (unit === 1 || (i % 2 === 0 && data[i + 1] === 0)) line++;
      for (let i = data.indexOf(tnStart); i !== -1 && i < inside; i = data.indexOf(tnStart, i + 1)) {
        if (i % unit !== 0) continue;
        const element = readElement(fd, pos + i, tnEnd, unit);
        const entry = element && typeNamesOf(element, encoding);
        if (!entry) return null;
        if (entry[0] !== null) typeNames.set(entry[0], entry[1]);
      }
    }
    return { line, typeNames: [...typeNames] };
  } finally {
    closeSync(fd);
  }
}

/** The bytes of the element that starts at `at`, through `end` (its end tag); null if not within MAX_TN_BYTES. */
function readElement(fd: number, at: number, end: Buffer, unit: number): Buffer | null {
  const window = Buffer.alloc(MAX_TN_BYTES);
  const bytesRead = readSync(fd, window, 0, MAX_TN_BYTES, at);
  for (let i = window.indexOf(end); i !== -1 && i < bytesRead; i = window.indexOf(end, i + 1)) {
    if (i % unit === 0) return window.subarray(0, i + end.length);
  }
  return null;
}

/** The RefId and `<T>` texts of one `<TN>` element, as clixml-reader.ts keeps them; null if it does not read. */
function typeNamesOf(element: Buffer, encoding: 'utf-8' | 'utf-16le'): [string | null, string[]] | null {
  let refId: string | null = null;
  const names: string[] = [];
  let depth = 0;
  let text: string | null = null;
  try {
    const tokenizer: Tokenizer = createClixmlTokenizer({
      open(name, attributes) {
        if (depth === 0) refId = attributeText(attributes, 'RefId', tokenizer) ?? null;
        else if (depth === 1 && name.text === 'T') text = '';
        depth++;
      },
      text(start, end, decoded) {
        if (text !== null) text += decoded ?? tokenizer.textOf(start, end);
      },
      close() {
        depth--;
        if (depth === 1 && text !== null) names.push(decodeClixmlEscapes(text));
        text = null;
      },
    }, { encoding });
    tokenizer.write(element).close();
  } catch {
    return null;
  }
  return [refId, names];
}
