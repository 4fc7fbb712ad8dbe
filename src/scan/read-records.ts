// Stage 3, read records: every export file as the plan says (read-plan.ts), on this thread alone or with
// worker threads, a big file in parts or not; whichever, each reading's records and steps reach the taker
// (dispatch.ts) in the order one thread reading the file would give them. The one way the runner reads.
import pLimit from 'p-limit';
import { readHere, type HereContext } from './read-here.js';
import { readInWorkers, type WorkersScan } from './read-in-workers.js';
import type { ReadPlan } from './read-plan.js';
import type { ExportFile, ReadEvents, RecordTaker } from './run-types.js';

export interface ReadOptions {
  /** Files read at once on this thread, when no worker reads. */
  concurrency: number;
  events: ReadEvents;
  /** For the workers, which run the scanners they can themselves. */
  scan: WorkersScan;
}

export interface ReadOutcome {
  /** Threads the files were read on, this one included if it read a part of a split file; 0 when only this thread read them. */
  threads: number;
  /** Parts of a split file read on a worker whose reading stood. */
  parts: number;
}

export async function readAll(plan: ReadPlan, files: readonly ExportFile[], taker: RecordTaker, options: ReadOptions): Promise<ReadOutcome> {
  const here: HereContext = { taker, events: options.events, stop: { stopped: false } };
  const parts = plan.threads > 0 ? await readInWorkers(plan, files, here, options.scan) : await readAllHere(plan, files, here, options.concurrency);
  // This thread reads too when it reads the first part of a split file.
  return { threads: plan.threads + (plan.files.some((f) => f.onMain && f.starts.length > 1) ? 1 : 0), parts };
}

/** Every file on this thread, `concurrency` at a time (their reads overlap); none is split. */
async function readAllHere(plan: ReadPlan, files: readonly ExportFile[], here: HereContext, concurrency: number): Promise<0> {
  const limit = pLimit(Math.max(1, concurrency));
  await Promise.all(files.map((file, index) => limit(() => readHere(here, file, plan.files[index].firstSlot)))).catch((error: unknown) => {
    here.stop.stopped = true;
    limit.clearQueue();
    throw error;
  });
  return 0;
}
