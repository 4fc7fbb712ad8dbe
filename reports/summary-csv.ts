// SummaryReport.csv in the output root, in SMAT's spirit: one row per scanner, finding and severity with
// its count (blockers first), then the coverage of the scan under Scanner "coverage".
import path from 'node:path';
import { writeCsv, type Cell } from './excel-safe-csv.js';
import { coverageOf } from './summary-counts.js';
import type { Report, ReportContext } from './types.js';

const FILE = 'SummaryReport.csv';
export const SUMMARY_COLUMNS = ['Scanner', 'Finding', 'Severity', 'Count', 'ScanID'] as const;

export function summaryRows(ctx: Pick<ReportContext, 'counts' | 'files' | 'errors' | 'scanId'>): Cell[][] {
  const rows: Cell[][] = ctx.counts.map((c) => [c.scanner, c.finding, c.severity, c.count, ctx.scanId]);
  const coverage = coverageOf(ctx.files, ctx.errors);
  // Always present, zeros included, in a fixed order: a reader can rely on finding them.
  const totals: Array<[string, number]> = [
    ['FilesSeen', coverage.filesSeen],
    ['RecordsRead', coverage.recordsRead],
    ['FilesFailed', coverage.filesFailed],
    ['ObjectsNotRecognised', coverage.objectsNotRecognised],
    ['ScanErrors', coverage.errorRows],
  ];
  for (const [name, count] of totals) rows.push(['coverage', name, 'info', count, ctx.scanId]);
  return rows;
}

export default {
  id: 'summary-csv',
  files: [FILE],
  async write(ctx) {
    await writeCsv(path.join(ctx.outDir, FILE), { columns: SUMMARY_COLUMNS, rows: summaryRows(ctx) });
  },
} satisfies Report;
