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
    async function* rows() {
      for await (const f of ctx.of('locked-sites')) {
        const d = f.data as { siteId: string | null; url: string; lockState: string; lockIssue: string | null; impact: string };
        yield [d.siteId, d.url, d.lockState, d.lockIssue, d.impact, ctx.scanId];
      }
    }
    await writeCsv(path.join(ctx.outDir, FILE), { columns: ['SiteId', 'URL', 'LockState', 'LockIssue', 'MigrationImpact', 'ScanID'], rows: rows() });
  },
} satisfies Report;
