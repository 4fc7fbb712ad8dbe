// farmscan's own SiteLocks-detail.csv (not an SMAT file, so it may carry more columns): every site that is
// not unlocked, with its state and what that means for the migration.
import path from 'node:path';
import { writeCsv } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScannerReports/SiteLocks-detail.csv';

export default {
  id: 'site-locks',
  files: [FILE],
  scanner: 'locked-sites',
  async write(ctx) {
    const rows = ctx.of('locked-sites').map((f) => {
      const d = f.data as { siteId: string | null; url: string; lockState: string; lockIssue: string | null; impact: string };
      return [d.siteId, d.url, d.lockState, d.lockIssue, d.impact, ctx.scanId];
    });
    await writeCsv(path.join(ctx.outDir, FILE), { columns: ['SiteId', 'URL', 'LockState', 'LockIssue', 'MigrationImpact', 'ScanID'], rows });
  },
} satisfies Report;
