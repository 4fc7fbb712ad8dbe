// farmscan's own SiteLocks-detail.csv (not an SMAT file, so it may carry more columns): every site that is
// not unlocked, with its state and what that means for the migration. Filled while the scan runs: a farm
// frozen read-only for its migration has a row for every site.
import path from 'node:path';
import { createCsvParts } from './csv-parts.js';
import { csvPartNames } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScannerReports/SiteLocks-detail.csv';

export default {
  id: 'site-locks',
  files: [FILE],
  scanner: 'locked-sites',
  streams: 'locked-sites',
  start({ scanId, slots, temp }) {
    const csv = createCsvParts(['SiteId', 'URL', 'LockState', 'LockIssue', 'MigrationImpact', 'ScanID'], slots, temp);
    return {
      add(slot, f) {
        const d = f.data as { siteId: string | null; url: string; lockState: string; lockIssue: string | null; impact: string };
        csv.add(slot, [d.siteId, d.url, d.lockState, d.lockIssue, d.impact, scanId]);
      },
      discard: (slot) => csv.discard(slot),
      write: async (ctx) => csvPartNames(FILE, await csv.write(path.join(ctx.outDir, FILE))),
    };
  },
} satisfies Report;
