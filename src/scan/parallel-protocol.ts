// The messages between a parallel scan's main thread (parallel.ts) and its workers (file-worker.ts).
import type { FarmRecord } from '../model.js';
import type { TargetPlatform } from '../plan/types.js';
import type { FileReadResult } from '../sources/read-export-file.js';
import type { ExportFile, ScanErrorRow } from './runner.js';
import type { Finding } from './types.js';

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

export interface ToWorker {
  index: number;
  file: ExportFile;
}

/** One step of a file's scan, in record order: a finding, a record for main-thread scanner `s`, an error. */
export type WorkItem = { f: Finding } | { r: FarmRecord; s: number } | { e: ScanErrorRow };

export type FromWorker =
  | { type: 'items'; index: number; items: WorkItem[]; records: number; bytes: number }
  | { type: 'done'; index: number; coverage: FileReadResult & { byKind: Record<string, number> } }
  | { type: 'failed'; index: number; error: ScanErrorRow; byKind: Record<string, number> }
  | { type: 'crashed'; message: string };
