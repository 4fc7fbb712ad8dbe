// A scan's findings, per scanner, in report order (by file, then the scanner's finish()). A farm frozen
// read-only for its migration has a finding for every site: a million of them held would take about
// 570 MB. Past `memoryLimit` findings held, they go to a private temp folder as JSON lines and are
// streamed back when a report reads them, so memory stays bounded whatever the farm's size.
// The limit is high on purpose: spilling costs time (measured: +0.6 s on the 1M-site bench export,
// whose 79k locked sites spill at a 10,000 limit, for at most 16 MB less peak RSS).
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sortCounts, type FindingCount } from '../../reports/summary-counts.js';
import type { Finding } from './types.js';

/** One scanner's findings: read as often as needed, in order. */
export interface FindingList extends AsyncIterable<Finding> {
  readonly count: number;
  toArray(): Promise<Finding[]>;
}

export interface FindingStore {
  /** `slot` is the file's index; the slot after the last file holds what finish() reported. */
  add(slot: number, finding: Finding): void;
  of(scannerId: string): FindingList;
  /** Findings by scanner, messageId and severity, blockers first. */
  counts(): FindingCount[];
  /** Removes the temp folder, if one was made. */
  dispose(): void;
}

interface Segment {
  held: Finding[];
  /** Where earlier findings of this segment went, once it spilled. */
  file: string | null;
  count: number;
}

/** About 57 MB of locked-site findings (566 bytes each, measured). */
export const DEFAULT_FINDINGS_IN_MEMORY = 100_000;

export function createFindingStore(slots: number, memoryLimit = DEFAULT_FINDINGS_IN_MEMORY): FindingStore {
  const byScanner = new Map<string, Segment[]>();
  const tallies = new Map<string, FindingCount>();
  let held = 0;
  let dir: string | null = null;
  let files = 0;

  const spillAll = () => {
    dir ??= mkdtempSync(path.join(os.tmpdir(), 'farmscan-findings-')); // mode 0700: URLs of the farm
    for (const segments of byScanner.values()) {
      for (const segment of segments) {
        if (segment.held.length === 0) continue;
        segment.file ??= path.join(dir, `${files++}.jsonl`);
        appendFileSync(segment.file, segment.held.map((f) => `${JSON.stringify(f)}\n`).join(''));
        segment.held = [];
      }
    }
    held = 0;
  };

  return {
    add(slot, finding) {
      let segments = byScanner.get(finding.scannerId);
      if (segments === undefined) {
        segments = Array.from({ length: slots }, () => ({ held: [], file: null, count: 0 }));
        byScanner.set(finding.scannerId, segments);
      }
      const segment = segments[slot];
      segment.held.push(finding);
      segment.count++;
      const key = `${finding.scannerId}\u0000${finding.messageId}\u0000${finding.severity}`;
      const tally = tallies.get(key);
      if (tally) tally.count++;
      else tallies.set(key, { scanner: finding.scannerId, finding: finding.messageId, severity: finding.severity, count: 1 });
      if (++held > memoryLimit) spillAll();
    },
    of(scannerId) {
      const segments = byScanner.get(scannerId) ?? [];
      const list: FindingList = {
        count: segments.reduce((sum, s) => sum + s.count, 0),
        async *[Symbol.asyncIterator]() {
          for (const segment of segments) {
            if (segment.file !== null) yield* readJsonLines(segment.file);
            yield* segment.held;
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
    dispose() {
      if (dir !== null) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}

/** The findings of one spill file, a line at a time (a line never splits a character: split on the byte). */
async function* readJsonLines(file: string): AsyncGenerator<Finding> {
  const handle = await open(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    const chunk = Buffer.alloc(1024 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let start = 0;
      const lines: Finding[] = [];
      for (let nl = data.indexOf(0x0a); nl !== -1; nl = data.indexOf(0x0a, start)) {
        lines.push(JSON.parse(data.toString('utf8', start, nl)) as Finding);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start)); // a copy: `chunk` is read into again
      yield* lines;
    }
  } finally {
    await handle.close();
  }
}
