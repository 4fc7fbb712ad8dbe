// SMAT's CustomProfilePropertyMappings-detail.csv, columns exactly as REFERENCE.md §4b. The two phonetic
// rows stay (SMAT writes them too); the summary marks them as noise.
import path from 'node:path';
import type { ProfilePropertyMappingRecord } from '../src/model.js';
import { writeCsv } from './excel-safe-csv.js';
import type { Report } from './types.js';

const FILE = 'ScannerReports/CustomProfilePropertyMappings-detail.csv';

export const PROFILE_MAPPING_COLUMNS = [
  'ConnectionName',
  'ConnectionType',
  'PropertyName',
  'PropertyDisplayName',
  'PropertyMapping',
  'Direction',
  'PropertyLength',
  'PropertyUsage',
  'ScanID',
] as const;

export default {
  id: 'custom-profile-property-mappings',
  files: [FILE],
  scanner: 'profile-mappings',
  async write(ctx) {
    async function* rows() {
      for await (const f of ctx.of('profile-mappings')) {
        if (f.messageId !== 'mapping' && f.messageId !== 'noise') continue;
        const m = f.data.mapping as ProfilePropertyMappingRecord;
        yield [m.connectionName, m.connectionType, m.propertyName, m.propertyDisplayName, m.propertyMapping, m.direction, m.propertyLength, m.propertyUsage, ctx.scanId];
      }
    }
    await writeCsv(path.join(ctx.outDir, FILE), { columns: PROFILE_MAPPING_COLUMNS, rows: rows() });
  },
} satisfies Report;
