// SMAT's SecureStoreApplications-detail.csv: exactly its columns in its order (REFERENCE.md §1),
// so tools that read SMAT's output read ours.
import path from 'node:path';
import type { SecureStoreApplicationRecord } from '../src/model.js';
import { writeCsv } from './excel-safe-csv.js';
import type { Report } from './types.js';

export const SECURE_STORE_COLUMNS = [
  'ApplicationID',
  'Name',
  'FriendlyName',
  'ContactEmail',
  'ApplicationType',
  'CredentialManagementURL',
  'TicketTimeout',
  'ScanID',
] as const;

const FILE = 'ScannerReports/SecureStoreApplications-detail.csv';

export default {
  id: 'secure-store-applications',
  files: [FILE],
  scanner: 'secure-store',
  async write(ctx) {
    async function* rows() {
      for await (const finding of ctx.of('secure-store')) {
        const app = finding.data.application as SecureStoreApplicationRecord;
        yield [app.applicationId, app.name, app.friendlyName, app.contactEmail, app.type, app.credentialManagementUrl, app.ticketTimeout, ctx.scanId];
      }
    }
    await writeCsv(path.join(ctx.outDir, FILE), { columns: SECURE_STORE_COLUMNS, rows: rows() });
  },
} satisfies Report;
