// The shapes the scan's stages hand one another: the files found, what a reading gives (records, a
// worker's steps, errors, coverage) and who takes findings. Here, so that no stage imports another for a
// type: stages import this, never each other in a circle.
import type { FarmRecord } from '../model.js';
import type { FileReadResult } from '../sources/read-export-file.js';
import type { Finding } from './types.js';

export interface ExportFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the export folder, with forward slashes: what reports and errors show. */
  name: string;
  /** Bytes, for progress; 0 when unknown. */
  size?: number;
}

export interface ScanErrorRow {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

export interface FileCoverage {
  file: string;
  encoding: string | null;
  objects: number;
  records: number;
  unrecognized: number;
  /** Records read, by kind: the summary's denominators (e.g. sites that are not locked). */
  byKind: Record<string, number>;
  failed: boolean;
}

/** What one reading (a whole file, or a part of a split one) covered. */
export type ReadingCoverage = Omit<FileCoverage, 'file'>;

/** A reading's end as the reader reports it; a worker counts the records by kind too. */
export type ReadCoverage = Partial<FileReadResult> & { byKind?: Record<string, number> };

export interface FindingSink {
  add(slot: number, finding: Finding): void;
  discard(slot: number): void;
}

/** One step of a file's scan, in record order: a finding, a record for main-thread scanner `s`, an error. */
export type WorkItem = { f: Finding } | { r: FarmRecord; s: number } | { e: ScanErrorRow };

/**
 * Where the reading stage (read-records.ts) hands what it reads, wherever it was read. A slot names one
 * reading: a whole file, or a part of a split file (read-plan.ts).
 */
export interface RecordTaker {
  /** A record read on this thread. */
  record(slot: number, record: FarmRecord): void;
  /** A step a worker took or asked for, in the reading's record order. */
  item(slot: number, item: WorkItem): void;
  /** The reading ended; this is what it covered. */
  covered(slot: number, coverage: ReadCoverage): void;
  /** The reading failed: the file is bad from here on. */
  failed(slot: number, error: ScanErrorRow): void;
  /** The reading does not stand (part-chain.ts): forget all it gave. */
  discard(slot: number): void;
}

/** The reading's progress, as it goes: negative when a part of a split file read again is taken back. */
export interface ReadEvents {
  /** Records read. */
  onProgress?: (records: number) => void;
  /** Bytes of export files read. */
  onBytes?: (bytes: number) => void;
  onFileDone?: () => void;
}
