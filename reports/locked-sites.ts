// SMAT's LockedSites-detail.csv: exactly URL and ScanID, one row per No Access site and no other.
// Filled while the scan runs, so a farm's locked sites are never held in memory.
import path from 'node:path';
import { createCsvParts } from './csv-parts.js';
import { csvPartNames } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScannerReports/LockedSites-detail.csv';

export default {
  id: 'locked-sites',
  files: [FILE],
  scanner: 'locked-sites',
  streams: 'locked-sites',
  start({ scanId, slots, temp }) {
    const csv = createCsvParts(['URL', 'ScanID'], slots, temp);
    return {
      add(slot, f) {
        if (f.messageId === 'NoAccess') csv.add(slot, [f.data.url as string, scanId]);
      },
      discard: (slot) => csv.discard(slot),
      write: async (ctx) => csvPartNames(FILE, await csv.write(path.join(ctx.outDir, FILE))),
    };
  },
} satisfies Report;
