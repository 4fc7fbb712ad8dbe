// The report contract: one report a file, chosen by name; each writes its files under the output folder.
import type { Finding } from '../src/scan/types.js';
import type { FileCoverage, ScanErrorRow } from '../src/scan/runner.js';
import type { TargetPlatform } from '../src/plan/types.js';

export interface ReportContext {
  outDir: string;
  scanId: string;
  generatedAt: string;
  targetPlatform: TargetPlatform;
  findings: readonly Finding[];
  errors: readonly ScanErrorRow[];
  files: readonly FileCoverage[];
  /** Findings of one scanner, in report order. */
  of(scannerId: string): readonly Finding[];
}

export interface Report {
  id: string;
  /** Paths relative to the output folder, as written. */
  files: readonly string[];
  /** The scanner whose findings it lists: when that scanner did not run (--scanners), it is not written. */
  scanner?: string;
  write(ctx: ReportContext): Promise<void>;
}
