// The messages between a parallel scan's main thread (parallel.ts) and its workers (file-worker.ts).
import type { TargetPlatform } from '../plan/types.js';
import type { PrefixFacts, StopState } from '../sources/clixml-reader.js';
import type { FileReadResult } from '../sources/read-export-file.js';
import type { ExportFile, ScanErrorRow, WorkItem } from './run-types.js';

export interface WorkerSetup {
  scanId: string;
  targetPlatform: TargetPlatform;
  /** Every scanner of the run, in the run's order; `local` ones are built-ins the worker runs itself. */
  scanners: Array<{ id: string; reads: readonly string[]; local: boolean }>;
}

/** A worker's own setup: batches sent and not yet handled by the main thread, counted in shared memory. */
export interface WorkerData extends WorkerSetup {
  unhandled: Int32Array;
}

/** Batches a worker may send ahead of the main thread before it waits: the queue between them stays small. */
export const MAX_UNHANDLED_BATCHES = 8;

/** One reading: a whole file, or a part of a split one (split-points.ts). `slot` names it in every message. */
export interface Job {
  slot: number;
  file: ExportFile;
  part: PartJob | null;
}

export interface PartJob {
  start: number;
  /** The split points after `start`: at each the worker asks whether to read on. */
  stops: number[];
  encoding: 'utf-8' | 'utf-16le';
}

export type ToWorker =
  | ({ type: 'read' } & Job)
  | { type: 'verdict'; slot: number; readOn: boolean }
  /** Stop reading `slot` as soon as possible: its results are not wanted. */
  | { type: 'abort'; slot: number };

export type Coverage = FileReadResult & { byKind: Record<string, number> };

export type FromWorker =
  | { type: 'items'; slot: number; items: WorkItem[]; records: number; bytes: number }
  /** A part after a file's first: what the bytes before it hold, or null if that could not be read. */
  | { type: 'began'; slot: number; facts: PrefixFacts | null }
  /** At a split point; the worker waits for a verdict. */
  | { type: 'stop'; slot: number; state: StopState }
  | { type: 'done'; slot: number; coverage: Coverage }
  | { type: 'failed'; slot: number; error: ScanErrorRow; byKind: Record<string, number> }
  | { type: 'aborted'; slot: number }
  | { type: 'crashed'; message: string };
