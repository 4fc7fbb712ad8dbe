// ScanErrors.csv: one row per bad file or failed record. Always written, so a clean run replaces the
// errors of an earlier one instead of leaving them to mislead.
import path from 'node:path';
import { writeCsv } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScanErrors.csv';

export default {
  id: 'scan-errors',
  files: [FILE],
  async write(ctx) {
    const rows = ctx.errors.map((e) => [e.file, e.line, e.column, e.message, ctx.scanId]);
    await writeCsv(path.join(ctx.outDir, FILE), { columns: ['File', 'Line', 'Column', 'Message', 'ScanID'], rows });
  },
} satisfies Report;
