// Site collection locks (SMAT's Locked Sites scan:
// https://learn.microsoft.com/sharepointmigration/sharepoint-migration-assessment-tool-scan-locked-sites).
// Only locked sites become findings, so a million-site farm keeps just its few locked ones in memory.
import { lockState } from '../src/lock-state.js';
import type { SiteCollectionRecord } from '../src/model.js';
import type { Scanner } from '../src/scan/types.js';

export const MIGRATION_IMPACT = {
  NoAccess: 'Skipped by every scan and cannot be migrated: unlock it, or decide to leave it behind.',
  ReadOnly: 'Content can be read and migrated; nothing can be changed until it is unlocked on the target.',
  NoAdditions: 'Content can be read and migrated; no new content can be added (also the state of a site over its quota).',
  Unknown: 'ReadLocked was not in the export (SPSite.ReadLocked throws on No Access sites): check this site on the farm.',
} as const;

/** SharePoint reads ReadOnly and WriteLocked true for every site of a read-only content database (SPSite.ReadOnly). */
export const DATABASE_READ_ONLY_IMPACT =
  'Read-only because its content database {{contentDatabase}} is read-only, not through a lock of its own (which the database hides): content can be read and migrated; check its lock once the database is read-write.';

function impactOf(state: Exclude<ReturnType<typeof lockState>, 'Unlock'>, record: SiteCollectionRecord): string {
  if (record.contentDatabaseReadOnly !== true || state === 'NoAccess' || state === 'Unknown') return MIGRATION_IMPACT[state];
  return DATABASE_READ_ONLY_IMPACT.replace('{{contentDatabase}}', `'${record.contentDatabase ?? '(unnamed)'}'`);
}

export default {
  id: 'locked-sites',
  title: 'Locked site collections',
  description: 'Derives each site collection lock state (No Access, Read-only, No additions, unknown).',
  reads: ['siteCollection'],
  messages: {
    NoAccess: 'Site {{url}} is locked No Access: every scan skips it and it cannot be migrated.',
    ReadOnly: 'Site {{url}} is read-only.',
    NoAdditions: 'Site {{url}} is locked against additions.',
    Unknown: 'Site {{url}} has an unknown lock state: ReadLocked is missing from the export.',
  },
  scan(record, ctx) {
    if (record.kind !== 'siteCollection') return;
    const state = lockState(record);
    if (state === 'Unlock') return;
    ctx.report({
      messageId: state,
      severity: state === 'NoAccess' ? 'blocker' : 'warning',
      subject: record.url,
      data: { url: record.url, siteId: record.id, lockState: state, lockIssue: record.lockIssue, impact: impactOf(state, record) },
    });
  },
} satisfies Scanner;
