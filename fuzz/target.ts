// The fuzz target: one input, as a file, read the ways a scan reads it. The property: every reading ends in
// records or in one InputError that names the file, line and column (never another exception); a reading
// cut into pieces at other points gives exactly what the whole reading gives; a part read from a split point
// (as a worker thread reads it) also ends in records or an InputError.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../src/errors.js';
import type { FarmRecord } from '../src/model.js';
import type { FilePart } from '../src/sources/clixml-reader.js';
import { asciiBytes, sniffEncoding } from '../src/sources/encoding.js';
import { prefixFacts } from '../src/sources/prefix-facts.js';
import { readExportFile } from '../src/sources/read-export-file.js';
import type { Random } from '../bench/prng.js';

export const DISPLAY_NAME = 'fuzz.xml';
const FIRST_CUT = 4;
const MAX_CUTS = 1024;

/** What a reading gave: the records (as JSON, with their lines and columns) and the error that ended it. */
export interface Outcome {
  records: string[];
  error: { message: string; line: number; column: number } | null;
}

/** The property does not hold for an input. */
export class PropertyFailure extends Error {
  override name = 'PropertyFailure';
  constructor(
    readonly kind: 'crash' | 'bad-error' | 'differs',
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

async function outcomeOf(how: string, read: (onRecord: (record: FarmRecord) => void) => Promise<unknown>): Promise<Outcome> {
  const records: string[] = [];
  try {
    await read((record) => records.push(JSON.stringify(record)));
    return { records, error: null };
  } catch (error) {
    if (!(error instanceof InputError)) {
      throw new PropertyFailure('crash', `${how}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    const { line, column } = error;
    const placed = error.file === DISPLAY_NAME && Number.isSafeInteger(line) && line! >= 0 && Number.isSafeInteger(column) && column! >= 0;
    if (!placed || error.message === '' || /[\r\n]/.test(error.message)) {
      throw new PropertyFailure('bad-error', `${how}: ${JSON.stringify({ message: error.message, location: error.location })}`);
    }
    return { records, error: { message: error.message, line: line!, column: column! } };
  }
}

/** The whole file, as a scan on one thread reads it. */
export const readWhole = (file: string) => outcomeOf('whole', (onRecord) => readExportFile(file, DISPLAY_NAME, onRecord));

/** The file read on through stops at `cuts` (byte offsets): each stop hands the tokenizer what was read so far. */
export function readInPieces(file: string, cuts: readonly number[]): Promise<Outcome> {
  const part: FilePart = { start: 0, stops: cuts, onStop: async () => true };
  return outcomeOf(`cut at ${cuts.join(',')}`, (onRecord) => readExportFile(file, DISPLAY_NAME, onRecord, undefined, undefined, part));
}

/** The part of the file from split point `start` on, as a worker reads it (with the facts of the bytes before). */
export async function readPart(file: string, start: number, encoding: 'utf-8' | 'utf-16le'): Promise<Outcome | null> {
  const facts = prefixFacts(file, encoding, start);
  if (facts === null) return null; // the scan does not read such a part on its own either
  const part: FilePart = { start, resume: { encoding, facts }, stops: [], onStop: async () => true };
  return outcomeOf(`part from ${start}`, (onRecord) => readExportFile(file, DISPLAY_NAME, onRecord, undefined, undefined, part));
}

/** Where split-points.ts could cut the file: after the line end of each `\n  <Obj ` (at most `most`). */
export function splitCandidates(bytes: Buffer, most: number): { encoding: 'utf-8' | 'utf-16le'; points: number[] } | null {
  let encoding;
  try {
    encoding = sniffEncoding(bytes.subarray(0, 4)).encoding;
  } catch {
    return null;
  }
  if (encoding === 'utf-16be') return null;
  const needle = asciiBytes('\n  <Obj ', encoding);
  const unit = encoding === 'utf-8' ? 1 : 2;
  const points: number[] = [];
  for (let i = bytes.indexOf(needle); i !== -1 && points.length < most; i = bytes.indexOf(needle, i + 1)) {
    if (i % unit === 0) points.push(i + unit);
  }
  return { encoding, points };
}

/**
 * Up to `count` distinct cut offsets in [4, size), ascending. Not before 4: the reader tells the encoding
 * from the first four bytes, and a scan's split points are always past the root's start tag.
 */
export function randomCuts(random: Random, size: number, count: number): number[] {
  if (size <= FIRST_CUT) return [];
  const cuts = new Set<number>();
  for (let k = 0; k < count; k++) cuts.add(FIRST_CUT + random.int(size - FIRST_CUT));
  return [...cuts].sort((a, b) => a - b);
}

/**
 * The error as the differential compares it. "not an XML file: it starts with ..." quotes the first piece's
 * text, which is shorter when a cut falls in its first 20 characters (a scan's cuts never do): not compared.
 * (`s`: the quoted text may hold U+2028, which JSON.stringify leaves as it is and `.` does not match.)
 */
const comparable = (error: Outcome['error']) => JSON.stringify(error)?.replace(/it starts with \\".*?\\" \(expected/s, 'it starts with ... (expected');

function sameOutcome(a: Outcome, b: Outcome): string | null {
  if (comparable(a.error) !== comparable(b.error)) return `error ${JSON.stringify(a.error)} vs ${JSON.stringify(b.error)}`;
  if (a.records.length !== b.records.length) return `${a.records.length} records vs ${b.records.length}`;
  const i = a.records.findIndex((record, k) => record !== b.records[k]);
  return i === -1 ? null : `record ${i}: ${a.records[i]} vs ${b.records[i]}`;
}

/**
 * Checks the property for `bytes`, written to `dir`/fuzz.xml: throws a PropertyFailure if it does not hold.
 * `random` picks the cuts and the split points, so a seed replays a check exactly.
 */
export async function checkInput(bytes: Buffer, random: Random, dir: string): Promise<Outcome> {
  const file = path.join(dir, DISPLAY_NAME);
  await writeFile(file, bytes);
  const whole = await readWhole(file);
  // Cut in many small pieces, or in a few: both must read as the whole file does. At most MAX_CUTS: the
  // tokenizer reads an unfinished construct again from its start at each piece, which a scan's 512 KiB
  // pieces make rare, but 16,000 four-byte pieces of one 30,000-character line make take seconds.
  const many = Math.min(MAX_CUTS, Math.max(1, bytes.length >> 2));
  const cuts = randomCuts(random, bytes.length, random.next() < 0.5 ? 1 + random.int(4) : 1 + random.int(many));
  const pieces = await readInPieces(file, cuts);
  const differs = sameOutcome(whole, pieces);
  if (differs !== null) throw new PropertyFailure('differs', `whole vs cut at ${cuts.join(',')}: ${differs}`);
  const split = splitCandidates(bytes, 64);
  if (split !== null && split.points.length > 0) await readPart(file, random.pick(split.points), split.encoding);
  return whole;
}
