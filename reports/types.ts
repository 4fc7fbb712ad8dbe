// The report contract: one report a file, chosen by name; each writes its files under the output folder.
import type { FindingList } from '../src/scan/finding-store.js';
import type { FindingCount } from '../src/scan/finding-counts.js';
import type { FileCoverage, ScanErrorRow } from '../src/scan/runner.js';
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
   * (a big list streams from disk). `count` needs no iteration.
   */
  of(scannerId: string, messageIds?: readonly string[]): FindingList;
  /** Every scanner's findings counted by messageId and severity, blockers first. */
  counts: readonly FindingCount[];
  /** Ids of the scanners that ran: with --scanners, a missing one found nothing because it never looked. */
  scanners: readonly string[];
}

export interface Report {
  id: string;
  /** Paths relative to the output folder, as written. */
  files: readonly string[];
  /** The scanner whose findings it lists: when that scanner did not run (--scanners), it is not written. */
  scanner?: string;
  write(ctx: ReportContext): Promise<void>;
}
