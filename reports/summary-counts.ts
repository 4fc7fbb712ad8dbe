// Counts shared by the two summaries: findings by scanner/messageId/severity, and the coverage totals.
import type { FileCoverage, ScanErrorRow } from '../src/scan/run-types.js';
import { compareOrdinal as byText } from '../src/ordinal.js';

export { SEVERITY_ORDER, sortCounts, type FindingCount } from '../src/scan/finding-counts.js';
/** Code-unit order, so the result never depends on the machine's locale. */
export { byText };

export interface Coverage {
  filesSeen: number;
  filesFailed: number;
  objects: number;
  recordsRead: number;
  objectsNotRecognised: number;
  errorRows: number;
  /** Records read per kind, summed over every file. */
  byKind: Record<string, number>;
}

export function coverageOf(files: readonly FileCoverage[], errors: readonly ScanErrorRow[]): Coverage {
  const byKind: Record<string, number> = {};
  for (const file of files) for (const [kind, n] of Object.entries(file.byKind)) byKind[kind] = (byKind[kind] ?? 0) + n;
  const sum = (pick: (f: FileCoverage) => number) => files.reduce((total, f) => total + pick(f), 0);
  return {
    filesSeen: files.length,
    filesFailed: files.filter((f) => f.failed).length,
    objects: sum((f) => f.objects),
    recordsRead: sum((f) => f.records),
    objectsNotRecognised: sum((f) => f.unrecognized),
    errorRows: errors.length,
    byKind,
  };
}
