// Stage 2, plan the reading: which threads read which files, and where a big file is split into parts.
// Workers are used only where they pay: each costs a heap of its own (memory) and a start-up. A big file
// is split at top-level objects (split-points.ts) so that an export whose time is one big file gains too;
// part-chain.ts makes sure the parts read exactly as the whole file would.
import { splitPoints } from '../sources/split-points.js';
import { workersBuilt } from './parallel.js';
import type { ExportFile } from './run-types.js';

/** The estimated gain (time on one thread / time on `threads`) that makes workers for whole files worth their memory. */
const MIN_GAIN = 1.25;
/** Each worker is a heap of its own (about 30 MB): more than this many would break the 256 MB budget. */
const MAX_THREADS = 4;
/** The main thread's handling of a split file's findings, as a share of reading it (0.16 balanced the two threads within 0.15 s on a million sites, UTF-8 and UTF-16). */
const MAIN_SHARE = 0.16;
/** What a worker's start-up costs, in bytes it could have read meanwhile (~0.25 s at ~35 MB/s). */
const WORKER_START_BYTES = 8 * 1024 * 1024;
/** The least bytes of a part of a split file: smaller parts would not repay the reading of the bytes before them. */
export const DEFAULT_PART_BYTES = 16 * 1024 * 1024;

/** How the files of a scan are read: on which threads, and which file in parts. */
export interface ReadPlan {
  /** Worker threads; 0 to read on the main thread alone. */
  threads: number;
  /**
   * Per file: where its parts start (just [0] if it is read whole), its encoding if split, its first slot,
   * and whether the main thread reads it (or, for the split file, its first part).
   */
  files: Array<{ starts: number[]; encoding: 'utf-8' | 'utf-16le' | null; firstSlot: number; onMain: boolean }>;
  /** Slots of the findings store and streaming reports: one a part, then one for what scanners report in finish(). */
  slots: number;
}

/**
 * Threads, and split points. Time is taken as proportional to bytes. An export of one big file and small
 * ones (the usual: the site list, and applications) has the big one split into as many parts as threads
 * allow (each at least `partBytes`): the main thread reads the small files and then the first part (it
 * otherwise mostly waits for the workers' results, and a worker costs a start-up and ~30 MB), and a worker
 * each later part. An export of several big files has its files shared out among workers.
 */
export async function planReading(files: readonly ExportFile[], concurrency: number, cores: number, partBytes = DEFAULT_PART_BYTES): Promise<ReadPlan> {
  const most = Math.min(concurrency, cores, MAX_THREADS);
  if (!workersBuilt()) return planFor(files, 1, partBytes);
  return planFor(files, most, partBytes);
}

/** planReading's plan for `most` threads, the main one included. */
export async function planFor(files: readonly ExportFile[], most: number, partBytes = DEFAULT_PART_BYTES): Promise<ReadPlan> {
  const whole = (threads = 0): ReadPlan => ({
    threads,
    files: files.map((_, i) => ({ starts: [0], encoding: null, firstSlot: i, onMain: threads === 0 })),
    slots: files.length + 1,
  });
  if (most < 2) return whole();
  const sizes = files.map((f) => f.size ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < 2 * partBytes) return whole(); // starting workers would cost more than they save
  const big = sizes.indexOf(Math.max(...sizes));
  const rest = total - sizes[big];
  const parts = Math.min(most, Math.floor(sizes[big] / partBytes));
  if (parts >= 2 && rest <= sizes[big] / parts) {
    // Besides its part and the small files, the main thread handles every part's findings (about
    // MAIN_SHARE of reading the file); it starts at once, a worker only after starting up (counted as at
    // most half a part, so that a small file still splits).
    const workerStart = Math.min(WORKER_START_BYTES, sizes[big] / parts / 2);
    const split = await splitPoints(files[big].path, sizes[big], parts, rest + MAIN_SHARE * sizes[big] - workerStart);
    if (split !== null) {
      const plan: ReadPlan = { threads: split.points.length, files: [], slots: 0 };
      for (const [i, file] of files.entries()) {
        const starts = i === big ? [0, ...split.points] : [0];
        plan.files.push({ starts, encoding: i === big ? split.encoding : null, firstSlot: plan.slots, onMain: true });
        plan.slots += starts.length;
      }
      plan.slots++;
      return plan;
    }
  }
  const threads = Math.min(most, files.length);
  return total / Math.max(sizes[big], total / threads) < MIN_GAIN ? whole() : whole(threads);
}
