// A scan's findings, per scanner, in report order (by file, then the scanner's finish()). A farm frozen
// read-only for its migration has a finding for every site: a million of them held would take about
// 570 MB. Past `memoryLimit` findings held, the largest scanner's go to a private temp folder as JSON
// lines and are streamed back when a report reads them, so memory stays bounded whatever the farm.
// The limit is high on purpose: spilling costs time. At a 10,000 limit the 1M-site bench export spills
// its 70,739 locked sites for +0.7 s (+13%) and only 20 MB less peak RSS (measured).
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sortCounts, type FindingCount } from './finding-counts.js';
import { UsageError } from '../errors.js';
import type { Finding } from './types.js';

/** The temp folder refused a spill: the scan cannot go on without losing findings, so it stops. */
export class FindingSpillError extends UsageError {}

/** One scanner's findings: read as often as needed, in order. */
export interface FindingList extends AsyncIterable<Finding> {
  readonly count: number;
  toArray(): Promise<Finding[]>;
}

export interface FindingStore {
  /** `slot` is the file's index; the slot after the last file holds what finish() reported. */
  add(slot: number, finding: Finding): void;
  /** A scanner's findings; with `messageIds`, only those (a spilled finding of another is not even parsed). */
  of(scannerId: string, messageIds?: readonly string[]): FindingList;
  /** Findings by scanner, messageId and severity, blockers first. */
  counts(): FindingCount[];
  /** Removes the temp folder, if one was made. */
  dispose(): void;
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

/** About 57 MB of locked-site findings (566 bytes each, measured). */
export const DEFAULT_FINDINGS_IN_MEMORY = 100_000;

export function createFindingStore(slots: number, memoryLimit = DEFAULT_FINDINGS_IN_MEMORY, tempRoot = os.tmpdir()): FindingStore {
  const byScanner = new Map<string, ScannerFindings>();
  const tallies = new Map<string, FindingCount>();
  let heldTotal = 0; // findings in memory, all scanners
  let dir: string | null = null;
  let files = 0;
  let disposed = false;
  // A scan that is stopped by an error or process.exit() removes its folder too; one killed by a
  // signal leaves farmscan-findings-* in the temp folder.
  const removeOnExit = () => dispose();

  /** Spills the scanner holding the most: one scanner's mass of findings goes, a few applications stay. */
  const spill = () => {
    const largest = [...byScanner.values()].reduce((a, b) => (b.heldCount > a.heldCount ? b : a));
    try {
      if (dir === null) {
        dir = mkdtempSync(path.join(tempRoot, 'farmscan-findings-')); // mode 0700: the farm's URLs
        process.once('exit', removeOnExit);
      }
      for (const segment of largest.segments) {
        if (segment.held.length === 0) continue;
        segment.file ??= path.join(dir, `${files++}.jsonl`);
        for (let at = 0; at < segment.held.length; at += 1000) {
          appendFileSync(segment.file, segment.held.slice(at, at + 1000).map((f) => `${JSON.stringify(f)}\n`).join(''));
        }
        for (const f of segment.held) segment.spilledIds.push(f.messageId);
        segment.held = [];
      }
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new FindingSpillError(`cannot write findings to the temp folder ${dir ?? tempRoot} (${reason}): free some space there, or point TMPDIR at a folder that has it`);
    }
    heldTotal -= largest.heldCount;
    largest.heldCount = 0;
  };

  const dispose = () => {
    disposed = true;
    process.removeListener('exit', removeOnExit);
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
  };

  return {
    add(slot, finding) {
      if (disposed) return; // a file still being read after another failed the run
      let scanner = byScanner.get(finding.scannerId);
      if (scanner === undefined) {
        scanner = { segments: Array.from({ length: slots }, () => ({ held: [], file: null, spilledIds: [] })), heldCount: 0, byMessage: new Map() };
        byScanner.set(finding.scannerId, scanner);
      }
      scanner.segments[slot].held.push(finding);
      scanner.heldCount++;
      scanner.byMessage.set(finding.messageId, (scanner.byMessage.get(finding.messageId) ?? 0) + 1);
      const key = `${finding.scannerId}\u0000${finding.messageId}\u0000${finding.severity}`;
      const tally = tallies.get(key);
      if (tally) tally.count++;
      else tallies.set(key, { scanner: finding.scannerId, finding: finding.messageId, severity: finding.severity, count: 1 });
      if (++heldTotal > memoryLimit) spill();
    },
    of(scannerId, messageIds) {
      const scanner = byScanner.get(scannerId);
      const segments = scanner?.segments ?? [];
      const wanted = messageIds === undefined ? null : new Set(messageIds);
      let count = 0;
      for (const [id, n] of scanner?.byMessage ?? []) if (wanted === null || wanted.has(id)) count += n;
      const list: FindingList = {
        count,
        async *[Symbol.asyncIterator]() {
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
    },
    counts: () => sortCounts([...tallies.values()]),
    dispose,
  };
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
