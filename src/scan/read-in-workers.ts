// Stage 3b, reading on worker threads: the pool (parallel.ts) reads the files the plan gives it, and the
// parts of the split file after the first; this thread reads the small files and that first part (read-here.ts).
// What the workers send goes to the scanners in each reading's record order; a speculative part's steps
// for main-thread scanners are held until part-chain.ts says its reading stands, or taken back if not.
import { builtInScanners } from '../../scanners/index.js';
import type { TargetPlatform } from '../plan/types.js';
import type { FilePart, StopState } from '../sources/clixml-reader.js';
import { createWorkerPool, type WorkerControl, type WorkerHandlers } from './parallel.js';
import type { Job, WorkerSetup } from './parallel-protocol.js';
import { createPartChain, type PartChain } from './part-chain.js';
import { readHere, type HereContext } from './read-here.js';
import type { ReadPlan } from './read-plan.js';
import type { ExportFile, WorkItem } from './run-types.js';
import type { Scanner } from './types.js';

/**
 * A speculative part holds at most this many steps for main-thread scanners, read from at most this many
 * bytes (a record may hold long values), before it gives up (part-chain.ts).
 */
const MAX_HELD_ITEMS = 4096;
const MAX_HELD_BYTES = 16 * 1024 * 1024;

/** What the workers need to know of the scan; `scanners` are all of the run's, in its order. */
export interface WorkersScan {
  scanId: string;
  targetPlatform: TargetPlatform;
  scanners: readonly Scanner<any>[];
}

/** A worker's reading as this thread follows it. */
interface WorkerReading {
  file: number;
  /** A speculative part's steps from its first record for a main-thread scanner on: they wait for it to be accepted. */
  held: WorkItem[] | null;
  /** `reported.bytes` when it began to hold. */
  heldFrom: number;
  discarded: boolean;
  /** Records and bytes the worker reported read, for progress: taken back if the part is discarded (its bytes are read again). */
  reported: { records: number; bytes: number };
}

/** The file read in parts (planReading splits one at most), its first part on this thread. */
interface SplitFile {
  index: number;
  starts: number[];
  firstSlot: number;
  chain: PartChain;
  /** The first part's reading, at a split point: it waits for the chain's verdict. */
  stopOnMain: FilePart['onStop'];
}

interface WorkersRun {
  plan: ReadPlan;
  files: readonly ExportFile[];
  here: HereContext;
  readings: Map<number, WorkerReading>;
  control: WorkerControl;
  split: SplitFile | null;
}

/** Reads the files as `plan` says, on workers and this thread; returns the parts of the split file whose worker's reading stood. */
export async function readInWorkers(plan: ReadPlan, files: readonly ExportFile[], here: HereContext, scan: WorkersScan): Promise<number> {
  const { control, run: runJobs } = createWorkerPool(plan.threads, workerSetup(scan));
  const readings = new Map<number, WorkerReading>();
  plan.files.forEach(({ starts, firstSlot }, file) =>
    starts.forEach((_, k) => readings.set(firstSlot + k, { file, held: null, heldFrom: 0, discarded: false, reported: { records: 0, bytes: 0 } })),
  );
  const run: WorkersRun = { plan, files, here, readings, control, split: null };
  run.split = splitFileOf(run);
  const stop = new AbortController();
  const inWorkers = runJobs(jobsOf(plan, files), handlersOf(run), stop.signal);
  const onMain = readMainShare(run);
  // Either side failing stops the other: this thread's reading at its next record, the workers at once.
  await Promise.all([
    inWorkers.catch((error: unknown) => {
      here.stop.stopped = true;
      throw error;
    }),
    onMain.catch((error: unknown) => {
      here.stop.stopped = true;
      stop.abort(error);
      throw error;
    }),
  ]);
  const split = run.split;
  return split === null ? 0 : split.starts.slice(1).filter((_, k) => split.chain.accepted(k + 1)).length;
}

/** Built-in scanners that keep no state run on the workers; the others, plugins included, stay on this thread. */
function workerSetup({ scanId, targetPlatform, scanners }: WorkersScan): WorkerSetup {
  const local = (scanner: Scanner<any>) => builtInScanners.includes(scanner) && !scanner.createState && !scanner.finish;
  return { scanId, targetPlatform, scanners: scanners.map((s) => ({ id: s.id, reads: s.reads, local: local(s) })) };
}

/**
 * The workers' jobs, in the order they take them: largest file first, and of the split file its parts after
 * the first (the main thread reads that one). A part that waits at a split point holds its thread, but there
 * are as many workers as such parts, and the first part, on the main thread, never waits for a thread.
 */
function jobsOf(plan: ReadPlan, files: readonly ExportFile[]): Job[] {
  const bySize = files.map((file, index) => ({ file, index })).sort((a, b) => (b.file.size ?? 0) - (a.file.size ?? 0) || a.index - b.index);
  return bySize.flatMap(({ file, index }) => {
    const { starts, encoding, firstSlot, onMain } = plan.files[index];
    return starts
      .map((start, k) => ({ slot: firstSlot + k, file, part: encoding === null ? null : { start, stops: starts.slice(k + 1), encoding } }))
      .filter((_, k) => !(onMain && k === 0));
  });
}

/** The split file, if any, and the chain that decides which of its parts' readings stand. */
function splitFileOf(run: WorkersRun): SplitFile | null {
  const { plan, readings, control, here } = run;
  const index = plan.files.findIndex((f) => f.starts.length > 1);
  if (index === -1) return null;
  const { starts, firstSlot } = plan.files[index];
  let mainVerdict: ((readOn: boolean) => void) | null = null;
  const chain = createPartChain(starts.slice(1), {
    verdict: (k, readOn) => (k === 0 ? mainVerdict!(readOn) : control.verdict(firstSlot + k, readOn)),
    accept(k) {
      const reading = readings.get(firstSlot + k)!;
      const held = reading.held ?? [];
      reading.held = null;
      for (const item of held) here.taker.item(firstSlot + k, item);
    },
    discard(k) {
      const reading = readings.get(firstSlot + k)!;
      reading.discarded = true;
      reading.held = null;
      here.events.onBytes?.(-reading.reported.bytes);
      here.events.onProgress?.(-reading.reported.records);
      here.taker.discard(firstSlot + k);
      control.abort(firstSlot + k);
    },
    finished: () => here.events.onFileDone?.(),
  });
  const stopOnMain = (state: StopState) =>
    new Promise<boolean>((resolve) => {
      mainVerdict = resolve;
      chain.stopped(0, state);
    });
  return { index, starts, firstSlot, chain, stopOnMain };
}

/** The part of the split file a slot reads, or null for a whole file. */
function partOf(run: WorkersRun, slot: number): number | null {
  return run.split !== null && run.readings.get(slot)!.file === run.split.index ? slot - run.split.firstSlot : null;
}

/** A reading's end: a whole file is done; a part of the split file tells the chain. */
function ended(run: WorkersRun, slot: number, ok: boolean): void {
  const part = partOf(run, slot);
  if (part === null) run.here.events.onFileDone?.();
  else run.split!.chain.ended(part, ok);
}

/** What this thread does with each message of a worker. */
function handlersOf(run: WorkersRun): WorkerHandlers {
  const { readings, here } = run;
  const chain = () => run.split!.chain;
  return {
    items: (message) => takeItems(run, message),
    began: ({ slot, facts }) => chain().began(partOf(run, slot)!, facts),
    stop: ({ slot, state }) => chain().stopped(partOf(run, slot)!, state),
    done({ slot, coverage }) {
      if (readings.get(slot)!.discarded) return;
      here.taker.covered(slot, coverage);
      ended(run, slot, true);
    },
    failed({ slot, error, byKind }) {
      if (readings.get(slot)!.discarded) return;
      here.taker.covered(slot, { byKind });
      here.taker.failed(slot, error);
      ended(run, slot, false);
    },
    aborted() {},
  };
}

/** A batch of a worker's steps: to the scanners now, or held while its part is speculative and a main-thread scanner is in it. */
function takeItems(run: WorkersRun, { slot, items, records, bytes }: { slot: number; items: WorkItem[]; records: number; bytes: number }): void {
  const reading = run.readings.get(slot)!;
  if (reading.discarded) return;
  const { taker, events } = run.here;
  reading.reported.records += records;
  reading.reported.bytes += bytes;
  events.onBytes?.(bytes);
  events.onProgress?.(records);
  const part = partOf(run, slot);
  const speculative = part !== null && !run.split!.chain.accepted(part);
  for (const item of items) {
    if (reading.held === null && !(speculative && 'r' in item)) taker.item(slot, item);
    else if (reading.held !== null) reading.held.push(item);
    else [reading.held, reading.heldFrom] = [[item], reading.reported.bytes - bytes];
  }
  // A part whose records main-thread scanners need cannot run ahead for long: the reading before it reads them instead.
  const tooMuch = reading.held !== null && (reading.held.length > MAX_HELD_ITEMS || reading.reported.bytes - reading.heldFrom > MAX_HELD_BYTES);
  if (tooMuch) run.split!.chain.ended(part!, false);
}

/**
 * This thread reads the small files, one after the other, then the split file's first part. (If the
 * workers fail while that part waits at a split point, its promise never settles: it holds nothing.)
 */
async function readMainShare(run: WorkersRun): Promise<void> {
  const { plan, files, here, split } = run;
  for (const [index, file] of files.entries()) if (plan.files[index].onMain && index !== split?.index) await readHere(here, file, plan.files[index].firstSlot);
  if (split === null) return;
  const part: FilePart = { start: 0, stops: split.starts.slice(1), onStop: split.stopOnMain };
  await readHere(here, files[split.index], split.firstSlot, part, (ok) => split.chain.ended(0, ok));
}
