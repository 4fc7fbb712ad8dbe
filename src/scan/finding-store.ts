// A scan's findings, per scanner, in report order (by file, then the scanner's finish()). Findings of a
// scanner whose reports take them during the scan (`streamed`: the locked sites, one a site) are only
// counted here. The others are held, up to `memoryLimit` in all; past it the largest scanner's go to the
// scan's temp folder as JSON lines and are streamed back when a report reads them, so a plugin that
// reports on every site cannot exhaust memory. Spilling costs time (+0.7 s for 70,739 findings, measured).
import { open } from 'node:fs/promises';
import { sortCounts, type FindingCount } from './finding-counts.js';
import { createTempSpace, type TempSpace } from './temp-space.js';
import type { Finding } from './types.js';

/** One scanner's findings: read as often as needed, in order. */
export interface FindingList extends AsyncIterable<Finding> {
  readonly count: number;
  toArray(): Promise<Finding[]>;
}

export interface FindingStore {
  /** `slot` is the file's index; the slot after the last file holds what finish() reported. */
  add(slot: number, finding: Finding): void;
  /**
   * A scanner's findings; with `messageIds`, only those (a spilled finding of another is not even parsed).
   * A streamed scanner's list has its count, but reading it is a programming error.
   */
  of(scannerId: string, messageIds?: readonly string[]): FindingList;
  /** Findings by scanner, messageId and severity, blockers first. */
  counts(): FindingCount[];
  /** Forgets every finding of `slot`: a part of a split file that turned out not to be read right (part-chain.ts). */
  discard(slot: number): void;
  /** Stops taking findings (the runner stops feeding streaming reports itself); removes the temp folder if the store made it. */
  dispose(): void;
}

export interface FindingStoreOptions {
  /** Findings held in memory, all scanners, before the largest scanner's go to the temp folder. */
  memoryLimit?: number;
  /** Where spilled findings go; without it the store makes its own and removes it on dispose(). */
  temp?: TempSpace;
  /** Scanners whose findings are counted, not kept: their reports took them during the scan. */
  streamed?: ReadonlySet<string>;
}

interface Segment {
  held: Finding[];
  /** Where earlier findings of this segment went, once it spilled; `spilledIds` has each one's messageId, in order. */
  file: string | null;
  spilledIds: string[];
}

interface ScannerFindings {
  segments: Segment[];
  heldCount: number;
  byMessage: Map<string, number>;
}

/** About 40 MB of Secure Store findings (an application record is 1.6 KB, measured) or 11 MB of lock-sized ones. */
export const DEFAULT_FINDINGS_IN_MEMORY = 20_000;

export function createFindingStore(slots: number, options: FindingStoreOptions = {}): FindingStore {
  const memoryLimit = options.memoryLimit ?? DEFAULT_FINDINGS_IN_MEMORY;
  const temp = options.temp ?? createTempSpace();
  const streamed = options.streamed ?? new Set<string>();
  const byScanner = new Map<string, ScannerFindings>();
  const tallies = createTallies(slots);
  let heldTotal = 0; // findings in memory, all scanners
  let disposed = false;

  /** Spills the scanner holding the most: one scanner's mass of findings goes, a few applications stay. */
  const spill = () => {
    const largest = [...byScanner.values()].reduce((a, b) => (b.heldCount > a.heldCount ? b : a));
    for (const segment of largest.segments) {
      if (segment.held.length === 0) continue;
      segment.file ??= temp.newFile('findings.jsonl');
      // A line a finding: small writes, never one string of a whole segment.
      temp.append(segment.file, segment.held.map((f) => `${JSON.stringify(f)}\n`));
      for (const f of segment.held) segment.spilledIds.push(f.messageId);
      segment.held = [];
    }
    heldTotal -= largest.heldCount;
    largest.heldCount = 0;
  };

  return {
    add(slot, finding) {
      if (disposed) return; // a file still being read after another failed the run
      let scanner = byScanner.get(finding.scannerId);
      if (scanner === undefined) {
        scanner = { segments: Array.from({ length: slots }, () => ({ held: [], file: null, spilledIds: [] })), heldCount: 0, byMessage: new Map() };
        byScanner.set(finding.scannerId, scanner);
      }
      scanner.byMessage.set(finding.messageId, (scanner.byMessage.get(finding.messageId) ?? 0) + 1);
      tallies.add(slot, finding);
      if (streamed.has(finding.scannerId)) return;
      scanner.segments[slot].held.push(finding);
      scanner.heldCount++;
      if (++heldTotal > memoryLimit) spill();
    },
    of: (scannerId, messageIds) => findingList(scannerId, byScanner.get(scannerId), messageIds, streamed.has(scannerId)),
    counts: tallies.counts,
    discard(slot) {
      tallies.discard(slot, (tally, n) => {
        const scanner = byScanner.get(tally.scanner)!;
        scanner.byMessage.set(tally.finding, scanner.byMessage.get(tally.finding)! - n);
      });
      for (const scanner of byScanner.values()) {
        const segment = scanner.segments[slot];
        scanner.heldCount -= segment.held.length;
        heldTotal -= segment.held.length;
        // A spilled file is left for the temp folder's removal: only the reference to it goes.
        scanner.segments[slot] = { held: [], file: null, spilledIds: [] };
      }
    },
    dispose() {
      disposed = true;
      if (options.temp === undefined) temp.dispose();
    },
  };
}

/** Findings counted by scanner, messageId and severity, and what each slot added, so that a slot can be taken back out. */
function createTallies(slots: number) {
  const tallies = new Map<string, FindingCount>();
  const slotTallies = Array.from({ length: slots }, () => new Map<string, number>());
  return {
    add(slot: number, finding: Finding) {
      const key = `${finding.scannerId}\u0000${finding.messageId}\u0000${finding.severity}`;
      const tally = tallies.get(key);
      if (tally) tally.count++;
      else tallies.set(key, { scanner: finding.scannerId, finding: finding.messageId, severity: finding.severity, count: 1 });
      slotTallies[slot].set(key, (slotTallies[slot].get(key) ?? 0) + 1);
    },
    /** Takes `slot`'s counts out; `taken` hears of each tally and how much of it went. */
    discard(slot: number, taken: (tally: FindingCount, n: number) => void) {
      for (const [key, n] of slotTallies[slot]) {
        const tally = tallies.get(key)!;
        tally.count -= n;
        if (tally.count === 0) tallies.delete(key);
        taken(tally, n);
      }
      slotTallies[slot].clear();
    },
    counts: () => sortCounts([...tallies.values()]),
  };
}

/** A scanner's findings, those of `messageIds` only if given: the spilled ones read back, then the held ones, segment by segment. */
function findingList(scannerId: string, scanner: ScannerFindings | undefined, messageIds: readonly string[] | undefined, streamed: boolean): FindingList {
  const segments = scanner?.segments ?? [];
  const wanted = messageIds === undefined ? null : new Set(messageIds);
  let count = 0;
  for (const [id, n] of scanner?.byMessage ?? []) if (wanted === null || wanted.has(id)) count += n;
  const list: FindingList = {
    count,
    async *[Symbol.asyncIterator]() {
      if (streamed) throw new Error(`the findings of ${scannerId} went to its reports during the scan and were not kept: only their count can be read`);
      for (const segment of segments) {
        if (segment.file !== null) yield* readJsonLines(segment.file, wanted === null ? null : (i) => wanted.has(segment.spilledIds[i]));
        for (const finding of segment.held) if (wanted === null || wanted.has(finding.messageId)) yield finding;
      }
    },
    async toArray() {
      const all: Finding[] = [];
      for await (const finding of list) all.push(finding);
      return all;
    },
  };
  return list;
}

/**
 * The findings of one spill file, a line at a time (split on the byte: a line never splits a character).
 * Lines that `wanted` (by line number) turns down are skipped unparsed.
 */
async function* readJsonLines(file: string, wanted: ((line: number) => boolean) | null): AsyncGenerator<Finding> {
  const handle = await open(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let line = 0;
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      const lines: Finding[] = [];
      for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
        if (wanted === null || wanted(line)) lines.push(JSON.parse(data.toString('utf8', start, nl)) as Finding);
        line++;
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start)); // a copy: `chunk` is read into again
      yield* lines;
    }
  } finally {
    await handle.close();
  }
}
