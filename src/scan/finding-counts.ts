// Findings counted by scanner, messageId and severity: what the summaries, `--json` and ScanResult show.
import { compareOrdinal } from '../ordinal.js';
import type { Severity } from './types.js';

/** Blockers first: the order a person reads in. A plugin's unexpected severity sorts last. */
export const SEVERITY_ORDER: readonly Severity[] = ['blocker', 'error', 'warning', 'info'];

export interface FindingCount {
  scanner: string;
  finding: string;
  severity: string;
  count: number;
}

const severityRank = (severity: string): number => {
  const rank = SEVERITY_ORDER.indexOf(severity as Severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
};

/** Sorted by severity, then scanner, then finding (code-unit order, whatever the machine's locale). */
export function sortCounts(counts: readonly FindingCount[]): FindingCount[] {
  return [...counts].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      compareOrdinal(a.severity, b.severity) ||
      compareOrdinal(a.scanner, b.scanner) ||
      compareOrdinal(a.finding, b.finding),
  );
}
