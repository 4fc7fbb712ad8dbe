// One finding per Secure Store target application, classified for a target that only has
// Group Restricted (DESIGN.md "Classification"; SMAT's Secure Store scan:
// https://learn.microsoft.com/sharepointmigration/sharepoint-migration-assessment-tool-scan-secure-store).
import { classify } from '../src/classify.js';
import type { Scanner } from '../src/scan/types.js';

const SEVERITY = { compatible: 'info', convert: 'warning', redesign: 'blocker', unknown: 'error' } as const;

export default {
  id: 'secure-store',
  title: 'Secure Store target applications',
  description: 'Lists every target application and what it takes to recreate it as Group Restricted.',
  reads: ['secureStoreApplication'],
  messages: {
    compatible: 'Application {{applicationId}} is already Group Restricted: recreate it as it is.',
    convert: 'Application {{applicationId}} ({{type}}) converts to Group Restricted.',
    redesign: 'Application {{applicationId}} ({{type}}) needs a redesign: Group Restricted cannot hold individual credentials.',
    unknown: 'Application {{applicationId}} has an unknown type {{type}}: it cannot be classified.',
  },
  scan(record, ctx) {
    if (record.kind !== 'secureStoreApplication') return;
    const result = classify(record.type, ctx.targetPlatform);
    ctx.report({
      messageId: result.classification,
      severity: SEVERITY[result.classification],
      subject: record.applicationId,
      data: {
        applicationId: record.applicationId,
        type: record.type ?? '(none)',
        classification: result.classification,
        reasons: result.reasons,
        application: record,
      },
    });
  },
} satisfies Scanner;
