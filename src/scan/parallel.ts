// Export files read on several cores: a pool of worker threads (file-worker.ts), each reading one file at
// a time, largest first. Used only where it pays: a worker costs a heap of its own (memory) and a start-up,
// and an export whose time is one big file gains nothing from a second thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExportFile } from './runner.js';
import type { FromWorker, ToWorker, WorkerData, WorkerSetup, WorkItem } from './parallel-protocol.js';

const WORKER_SCRIPT = new URL('./file-worker.js', import.meta.url);
/** Below this, an export is read on the main thread: starting workers would cost more than they save. */
const MIN_BYTES = 32 * 1024 * 1024;
/** The estimated gain (time on one thread / time on `threads`) that makes workers worth their memory. */
const MIN_GAIN = 1.25;
/** Each worker is a heap of its own (about 30 MB): more than this many would break the 256 MB budget. */
const MAX_THREADS = 4;
/** A worker's young generation: a third of V8's default here (48 MB); 2 workers peaked 40 to 60 MB lower, no slower (measured). */
const YOUNG_GENERATION_MB = 16;

/**
 * How many worker threads to read these files with; 0 to read them on the main thread. Time is taken as
 * proportional to bytes; a file cannot be split, so the largest bounds the gain.
 */
export function workerThreadsFor(files: readonly ExportFile[], concurrency: number, cores: number): number {
  const threads = Math.min(concurrency, cores, files.length, MAX_THREADS);
  if (threads < 2 || !existsSync(fileURLToPath(WORKER_SCRIPT))) return 0; // not built (tests run the TypeScript)
  const sizes = files.map((f) => f.size ?? 0);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total < MIN_BYTES) return 0;
  const gain = total / Math.max(Math.max(...sizes), total / threads);
  return gain >= MIN_GAIN ? threads : 0;
}

export interface WorkerHandlers {
  /** Steps of file `index`, in its record order; may throw, which stops the scan. */
  items(index: number, items: WorkItem[], records: number, bytes: number): void;
  done(index: number, coverage: Extract<FromWorker, { type: 'done' }>['coverage']): void;
  failed(index: number, error: Extract<FromWorker, { type: 'failed' }>['error'], byKind: Record<string, number>): void;
}

export async function readInWorkers(files: readonly ExportFile[], threads: number, setup: WorkerSetup, handlers: WorkerHandlers): Promise<void> {
  // Largest first, so a big file is not left to start last.
  const queue = files.map((file, index) => ({ file, index })).sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0) || a.index - b.index);
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
      const next = (worker: Worker) => {
        const job = queue.shift();
        if (job === undefined) {
          if (--running === 0) resolve();
          return;
        }
        worker.postMessage(job satisfies ToWorker);
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
            if (message.type === 'items') {
              handlers.items(message.index, message.items, message.records, message.bytes);
              Atomics.sub(unhandled, 0, 1);
              Atomics.notify(unhandled, 0);
            } else if (message.type === 'crashed') throw new Error(`a scan worker failed: ${message.message}`);
            else {
              if (message.type === 'done') handlers.done(message.index, message.coverage);
              else handlers.failed(message.index, message.error, message.byKind);
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
