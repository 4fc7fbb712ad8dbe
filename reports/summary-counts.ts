// Counts shared by the two summaries: findings by scanner/messageId/severity, and the coverage totals.
import type { Severity } from '../src/scan/types.js';
import type { FileCoverage, ScanErrorRow } from '../src/scan/runner.js';

/** Blockers first: the order a person reads in. A plugin's unexpected severity sorts last. */
export const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'error', 'warning', 'info'];

export interface FindingCount {
  scanner: string;
  finding: string;
  severity: string;
  count: number;
}

/** Code-unit order, so the result never depends on the machine's locale. */
import { compareOrdinal as byText } from '../src/ordinal.js';

export { byText };

const severityRank = (severity: string): number => {
  const rank = SEVERITY_ORDER.indexOf(severity as Severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
};

/** Rows per scanner/messageId/severity, sorted by severity, then scanner, then finding. */
export function sortCounts(counts: readonly FindingCount[]): FindingCount[] {
  return [...counts].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || byText(a.severity, b.severity) || byText(a.scanner, b.scanner) || byText(a.finding, b.finding),
  );
}

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
