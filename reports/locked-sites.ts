// SMAT's LockedSites-detail.csv: exactly URL and ScanID, one row per No Access site and no other.
import path from 'node:path';
import { writeCsv } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScannerReports/LockedSites-detail.csv';

export default {
  id: 'locked-sites',
  files: [FILE],
  scanner: 'locked-sites',
  async write(ctx) {
    async function* rows() {
      for await (const f of ctx.of('locked-sites', ['NoAccess'])) yield [f.data.url as string, ctx.scanId];
    }
    await writeCsv(path.join(ctx.outDir, FILE), { columns: ['URL', 'ScanID'], rows: rows() });
  },
} satisfies Report;
