// The report contract: one report a file, chosen by name; each writes its files under the output folder.
import type { FindingList } from '../src/scan/finding-store.js';
import type { TempSpace } from '../src/scan/temp-space.js';
import type { Finding } from '../src/scan/types.js';
import type { FindingCount } from '../src/scan/finding-counts.js';
import type { FileCoverage, ScanErrorRow } from '../src/scan/run-types.js';
import type { TargetPlatform } from '../src/plan/types.js';

export interface ReportContext {
  outDir: string;
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  errors: readonly ScanErrorRow[];
  files: readonly FileCoverage[];
  /**
   * Findings of one scanner (only `messageIds`, if given), in report order: iterate with `for await`
   * (a big list streams from disk). `count` needs no iteration. A scanner that a StreamingReport takes
   * (`streams`) is only counted: iterating its list throws.
   */
  of(scannerId: string, messageIds?: readonly string[]): FindingList;
  /** Every scanner's findings counted by messageId and severity, blockers first. */
  counts: readonly FindingCount[];
  /** Ids of the scanners that ran: with --scanners, a missing one found nothing because it never looked. */
  scanners: readonly string[];
}

interface ReportBase {
  id: string;
  /** Paths relative to the output folder, as written. */
  files: readonly string[];
  /** The scanner whose findings it lists: when that scanner did not run (--scanners), it is not written. */
  scanner?: string;
}

/** Writes its files after the scan from the findings the scan kept (`ctx.of`). */
export interface HeldReport extends ReportBase {
  write(ctx: ReportContext): Promise<void>;
}

/**
 * Takes one scanner's findings while the scan runs, for lists as long as the farm (a finding a locked
 * site): that scanner's findings are then counted but never kept, so memory stays flat as the farm grows.
 */
export interface StreamingReport extends ReportBase {
  /** The scanner whose findings `add` gets; `ctx.of` can count them but not read them. */
  streams: string;
  /** Called before the scan. */
  start(setup: StreamSetup): ReportStream;
}

export interface StreamSetup {
  scanId: string;
  /** One a file, in report order, and one after them for what scanners report in finish(). */
  slots: number;
  /** For rows that do not fit the memory budget. */
  temp: TempSpace;
}

export interface ReportStream {
  /** Every finding of the streamed scanner: each slot's in order, slots interleaved as files are read. */
  add(slot: number, finding: Finding): void;
  /** Takes back every finding of `slot`: a part of a split file that another thread read again. */
  discard(slot: number): void;
  /** After the scan: writes the report's files; returns them when they are not just `files` (a CSV split in parts). */
  write(ctx: ReportContext): Promise<readonly string[] | void>;
}

export type Report = HeldReport | StreamingReport;
