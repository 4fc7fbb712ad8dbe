// Where a big export file can be cut into parts that threads read at once: at the start of a line
// `  <Obj `, where Export-Clixml writes each top-level object (two spaces in from the root). It is only a
// guess: each point is checked against a reading that got there from the file's start (part-chain.ts).
import { open } from 'node:fs/promises';
import { sniffEncoding, UnsupportedEncodingError, type TextEncodingName } from './encoding.js';

/** How far past each target a split point is looked for. */
const WINDOW = 1 << 20;
/**
 * Reading the bytes before a split point (prefix-facts.ts) costs this share of reading them fully:
 * measured in a worker, 0.5 s for the first half of a million-site UTF-8 file whose reading took 4.3 s.
 */
const PREFIX_COST = 0.12;

export interface SplitPlan {
  encoding: Extract<TextEncodingName, 'utf-8' | 'utf-16le'>;
  /** Byte offsets, ascending: each is where a part starts (the first part starts at 0). */
  points: number[];
}

/** Up to `parts - 1` split points of `file`, or null if it cannot be split (UTF-16 BE, no `  <Obj ` lines). */
export async function splitPoints(file: string, size: number, parts: number): Promise<SplitPlan | null> {
  const handle = await open(file, 'r');
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
    const unit = encoding === 'utf-8' ? 1 : 2;
    const needle = Buffer.from('\n  <Obj ', encoding === 'utf-8' ? 'latin1' : 'utf16le');
    const window = Buffer.alloc(WINDOW);
    const points: number[] = [];
    for (const target of targets(size, parts)) {
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
  } finally {
    await handle.close();
  }
}

/**
 * Where parts should start so that each thread finishes at about the same time: part j > 0 first reads
 * the bytes before it (PREFIX_COST), so later parts are shorter. With c the time of each (in bytes read),
 * part 0 ends at c and part j at S_j + c - PREFIX_COST * S_j; the last one ends at `size`.
 */
function targets(size: number, parts: number): number[] {
  const keep = 1 - PREFIX_COST;
  const first = (size * PREFIX_COST) / (1 - keep ** parts);
  const starts = [first];
  while (starts.length < parts - 1) starts.push(starts.at(-1)! * keep + first);
  return starts.map(Math.floor);
}
