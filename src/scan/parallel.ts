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
/** The estimated gain (time on one thread / time on `threads`) that makes workers worth their memory. */
const MIN_GAIN = 1.25;
/** Each worker is a heap of its own (about 30 MB): more than this many would break the 256 MB budget. */
const MAX_THREADS = 4;
/** A worker's young generation: a third of V8's default here (48 MB); 2 workers peaked 40 to 60 MB lower, no slower (measured). */
const YOUNG_GENERATION_MB = 16;
/** The least bytes of a part of a split file: smaller parts would not repay the reading of the bytes before them. */
export const DEFAULT_PART_BYTES = 16 * 1024 * 1024;

/** How the files of a scan are read: on which threads, and which files in parts. */
export interface ReadPlan {
  /** Worker threads; 0 to read on the main thread. */
  threads: number;
  /**
   * Per file: where its parts start (just [0] if it is read whole), its encoding if split, its first slot,
   * and whether the main thread reads it (a file read whole while workers read the parts of a big one).
   */
  files: Array<{ starts: number[]; encoding: 'utf-8' | 'utf-16le' | null; firstSlot: number; onMain: boolean }>;
  /** Slots of the findings store and streaming reports: one a part, then one for what scanners report in finish(). */
  slots: number;
}

/**
 * Threads, and split points of big files. Time is taken as proportional to bytes. While the largest job is
 * more than a thread's share, its file gets one more part, never more parts than threads (so that a part
 * waiting for the one after it never waits for a thread) nor parts under `partBytes`. When a file is split,
 * the files read whole go to the main thread, which otherwise mostly waits for the workers' results.
 */
export async function planReading(files: readonly ExportFile[], concurrency: number, cores: number, partBytes = DEFAULT_PART_BYTES): Promise<ReadPlan> {
  const most = Math.min(concurrency, cores, MAX_THREADS);
  const whole = (): ReadPlan => ({ threads: 0, files: files.map((_, i) => ({ starts: [0], encoding: null, firstSlot: i, onMain: true })), slots: files.length + 1 });
  if (most < 2 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return whole(); // not built (tests run the TypeScript)
  const sizes = files.map((f) => f.size ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < 2 * partBytes) return whole(); // starting workers would cost more than they save
  const parts = sizes.map(() => 1);
  for (;;) {
    const job = sizes.map((size, i) => size / parts[i]);
    const largest = job.indexOf(Math.max(...job));
    const more = parts[largest] + 1;
    if (job[largest] <= total / most || more > most || sizes[largest] / more < partBytes) break;
    parts[largest] = more;
  }
  const split = parts.some((n) => n > 1);
  const jobs = sizes.flatMap((size, i) => (split && parts[i] === 1 ? [] : Array<number>(parts[i]).fill(size / parts[i])));
  const threads = Math.min(most, jobs.length);
  if (total / Math.max(Math.max(...jobs), total / threads) < MIN_GAIN) return whole();

  const plan: ReadPlan = { threads, files: [], slots: 0 };
  for (const [i, file] of files.entries()) {
    const points = parts[i] > 1 ? await splitPoints(file.path, sizes[i], parts[i]) : null;
    plan.files.push({ starts: [0, ...(points?.points ?? [])], encoding: points?.encoding ?? null, firstSlot: plan.slots, onMain: split && parts[i] === 1 });
    plan.slots += 1 + (points?.points.length ?? 0);
  }
  plan.slots++;
  return plan;
}

/**
 * The workers' jobs of a plan, in the order they take them: largest file first; of a split file, the later
 * parts first (they read the bytes before them first) and the first part last, so that it does not wait at
 * its split point for the part after it. A part that waits at a split point holds its thread, but a file has
 * no more parts than threads, and every part it waits for was queued before it or is its file's first part.
 */
export function jobsOf(plan: ReadPlan, files: readonly ExportFile[]): Job[] {
  const bySize = files.map((file, index) => ({ file, index })).sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0) || a.index - b.index);
  return bySize.flatMap(({ file, index }) => {
    const { starts, encoding, firstSlot, onMain } = plan.files[index];
    if (onMain) return [];
    const jobs = starts.map((start, k) => ({ slot: firstSlot + k, file, part: encoding === null ? null : { start, stops: starts.slice(k + 1), encoding } }));
    return [...jobs.slice(1), jobs[0]];
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

/** Runs the jobs on `threads` workers; `stop` ends them all (the promise then rejects with its reason). */
export async function readInWorkers(
  jobs: readonly Job[],
  threads: number,
  setup: WorkerSetup,
  stop: AbortSignal,
  handlersFor: (control: WorkerControl) => WorkerHandlers,
): Promise<void> {
  const queue = jobs.slice();
  const workers: Worker[] = [];
  const workerOf = new Map<number, Worker>();
  const tell = (slot: number, message: ToWorker) => workerOf.get(slot)?.postMessage(message);
  const handlers = handlersFor({
    verdict: (slot, readOn) => tell(slot, { type: 'verdict', slot, readOn }),
    abort: (slot) => {
      const queued = queue.findIndex((job) => job.slot === slot);
      if (queued !== -1) queue.splice(queued, 1);
      tell(slot, { type: 'abort', slot });
    },
  });
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
}
