// Export files read on several cores: a pool of worker threads (file-worker.ts), each reading one file, or
// one part of a big file, at a time. Used only where it pays: a worker costs a heap of its own (memory)
// and a start-up. A big file is split at top-level objects (split-points.ts) so that an export whose time
// is one big file gains too; part-chain.ts makes sure the parts read exactly as the whole file would.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { splitPoints } from '../sources/split-points.js';
import type { ExportFile } from './runner.js';
import type { FromWorker, Job, ToWorker, WorkerData, WorkerSetup } from './parallel-protocol.js';

const WORKER_SCRIPT = new URL('./file-worker.js', import.meta.url);
/** The estimated gain (time on one thread / time on `threads`) that makes workers for whole files worth their memory. */
const MIN_GAIN = 1.25;
/** Each worker is a heap of its own (about 30 MB): more than this many would break the 256 MB budget. */
const MAX_THREADS = 4;
/** A worker's young generation: a third of V8's default here (48 MB); 2 workers peaked 40 to 60 MB lower, no slower (measured). */
const YOUNG_GENERATION_MB = 16;
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
  if (!existsSync(fileURLToPath(WORKER_SCRIPT))) return planFor(files, 1, partBytes); // not built (tests run the TypeScript)
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

/**
 * The workers' jobs, in the order they take them: largest file first, and of the split file its parts after
 * the first (the main thread reads that one). A part that waits at a split point holds its thread, but there
 * are as many workers as such parts, and the first part, on the main thread, never waits for a thread.
 */
export function jobsOf(plan: ReadPlan, files: readonly ExportFile[]): Job[] {
  const bySize = files.map((file, index) => ({ file, index })).sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0) || a.index - b.index);
  return bySize.flatMap(({ file, index }) => {
    const { starts, encoding, firstSlot, onMain } = plan.files[index];
    return starts
      .map((start, k) => ({ slot: firstSlot + k, file, part: encoding === null ? null : { start, stops: starts.slice(k + 1), encoding } }))
      .filter((_, k) => !(onMain && k === 0));
  });
}

/** What the main thread can tell a worker about a reading. */
export interface WorkerControl {
  verdict(slot: number, readOn: boolean): void;
  abort(slot: number): void;
}

/** The main thread's side of every message but `crashed`; a throw stops the scan. */
export type WorkerHandlers = {
  [K in Exclude<FromWorker['type'], 'crashed'>]: (message: Extract<FromWorker, { type: K }>) => void;
};

/** A pool of worker threads; `run` gives them jobs, `control` speaks to the one reading a slot. */
export interface WorkerPool {
  control: WorkerControl;
  /** Runs the jobs; `stop` ends them all (the promise then rejects with its reason). */
  run(jobs: readonly Job[], handlers: WorkerHandlers, stop: AbortSignal): Promise<void>;
}

export function createWorkerPool(threads: number, setup: WorkerSetup): WorkerPool {
  const queue: Job[] = [];
  const workerOf = new Map<number, Worker>();
  const tell = (slot: number, message: ToWorker) => workerOf.get(slot)?.postMessage(message);
  const control: WorkerControl = {
    verdict: (slot, readOn) => tell(slot, { type: 'verdict', slot, readOn }),
    abort: (slot) => {
      const queued = queue.findIndex((job) => job.slot === slot);
      if (queued !== -1) queue.splice(queued, 1);
      tell(slot, { type: 'abort', slot });
    },
  };
  const run = async (jobs: readonly Job[], handlers: WorkerHandlers, stop: AbortSignal): Promise<void> => {
    queue.push(...jobs);
    const workers: Worker[] = [];
    try {
      await new Promise<void>((resolve, rejectOnce) => {
        let running = 0;
        // Once failed, messages still queued from the workers are dropped, and no file is started.
        let failed = false;
        const reject = (error: unknown) => {
          failed = true;
          rejectOnce(error);
        };
        stop.addEventListener('abort', () => reject(stop.reason), { once: true });
        const next = (worker: Worker) => {
          const job = queue.shift();
          if (job === undefined) {
            if (--running === 0) resolve();
            return;
          }
          workerOf.set(job.slot, worker);
          worker.postMessage({ type: 'read', ...job } satisfies ToWorker);
        };
        for (let i = 0; i < threads; i++) {
          const unhandled = new Int32Array(new SharedArrayBuffer(4));
          const workerData: WorkerData = { ...setup, unhandled };
          const worker = new Worker(WORKER_SCRIPT, { workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
          workers.push(worker);
          running++;
          worker.on('message', (message: FromWorker) => {
            if (failed) return;
            try {
              if (message.type === 'crashed') throw new Error(`a scan worker failed: ${message.message}`);
              (handlers[message.type] as (m: FromWorker) => void)(message);
              if (message.type === 'items') {
                Atomics.sub(unhandled, 0, 1);
                Atomics.notify(unhandled, 0);
              } else if (message.type === 'done' || message.type === 'failed' || message.type === 'aborted') {
                workerOf.delete(message.slot);
                next(worker);
              }
            } catch (error) {
              reject(error);
            }
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`a scan worker stopped with exit code ${code}`));
          });
          next(worker);
        }
      });
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  };
  return { control, run };
}
