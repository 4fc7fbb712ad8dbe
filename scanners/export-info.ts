// The exporter's own warnings (ExportInfo.xml), one finding each: what the export says it could not read
// belongs next to what farmscan found in it.
import type { Scanner } from '../src/scan/types.js';

export default {
  id: 'export-info',
  title: 'Export warnings',
  description: 'Reports each warning the exporter wrote into ExportInfo.xml.',
  reads: ['exportInfo'],
  messages: {
    exportWarning: 'The export warned: {{warning}}',
  },
  scan(record, ctx) {
    if (record.kind !== 'exportInfo') return;
    for (const warning of record.warnings) {
      ctx.report({ messageId: 'exportWarning', severity: 'warning', subject: warning, data: { warning, exporterVersion: record.exporterVersion } });
    }
  },
} satisfies Scanner;
