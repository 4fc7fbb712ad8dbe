// Where a big export file can be cut into parts that threads read at once: at the start of a line
// `  <Obj `, where Export-Clixml writes each top-level object (two spaces in from the root). It is only a
// guess: each point is checked against a reading that got there from the file's start (part-chain.ts).
import { open } from 'node:fs/promises';
import { asciiBytes, sniffEncoding, UnsupportedEncodingError, type TextEncodingName } from './encoding.js';

/** How far past each target a split point is looked for. */
const WINDOW = 1 << 20;
/**
 * Reading the bytes before a split point (prefix-facts.ts) costs this share of reading them fully (measured
 * on a million sites: 0.5 s for the first half of the UTF-8 file, whose reading took 4.3 s). A UTF-16 file
 * has twice the bytes for the same reading, so its share is about twice that.
 */
const PREFIX_COST = { 'utf-8': 0.12, 'utf-16le': 0.24 } as const;

export interface SplitPlan {
  encoding: Extract<TextEncodingName, 'utf-8' | 'utf-16le'>;
  /** Byte offsets, ascending: each is where a part starts (the first part starts at 0). */
  points: number[];
}

/**
 * Up to `parts - 1` split points of `file`, or null if it cannot be split (UTF-16 BE, no `  <Obj ` lines).
 * `extra`: bytes of other files that the thread of the first part reads too.
 */
export async function splitPoints(file: string, size: number, parts: number, extra = 0): Promise<SplitPlan | null> {
  // A file that cannot be read is not split: its reading then reports why, as any other file's.
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return null;
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    let encoding: TextEncodingName;
    try {
      encoding = sniffEncoding(head).encoding;
    } catch (error) {
      if (error instanceof UnsupportedEncodingError) return null;
      throw error;
    }
    if (encoding === 'utf-16be') return null;
    const unit = asciiBytes(' ', encoding).length;
    const needle = asciiBytes('\n  <Obj ', encoding);
    const window = Buffer.alloc(WINDOW);
    const points: number[] = [];
    for (const target of targets(size, parts, extra, PREFIX_COST[encoding])) {
      const from = Math.max(target - (target % unit), (points.at(-1) ?? 0) + unit);
      const { bytesRead } = await handle.read(window, 0, WINDOW, from);
      const found = window.subarray(0, bytesRead);
      for (let i = found.indexOf(needle); i !== -1; i = found.indexOf(needle, i + 1)) {
        if (i % unit !== 0) continue; // a UTF-16 match must start on a character
        points.push(from + i + unit);
        break;
      }
    }
    return points.length === 0 ? null : { encoding, points };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) return null; // a read failed: as above
    throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Where parts should start so that each thread finishes at about the same time. With c the time of each (in
 * bytes read): the first part's thread also reads `extra` bytes, so it ends at c - extra; part j > 0 first
 * reads the bytes before it (`prefixCost` of reading them), so it ends at S_j + c - PREFIX_COST * S_j; the last ends at `size`.
 */
export function targets(size: number, parts: number, extra: number, prefixCost: number): number[] {
  const keep = 1 - prefixCost;
  const starts = (c: number) => {
    const points = [c - extra];
    while (points.length < parts - 1) points.push(points.at(-1)! * keep + c);
    return points;
  };
  // The end of the last part grows with c: find the c that puts it at `size`.
  let [low, high] = [0, size + extra];
  for (let i = 0; i < 50; i++) {
    const c = (low + high) / 2;
    if (starts(c).at(-1)! * keep + c < size) low = c;
    else high = c;
  }
  return starts(high)
    .map(Math.floor)
    .filter((at) => at > 0 && at < size);
}
