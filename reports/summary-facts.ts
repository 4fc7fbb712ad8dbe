// What the HTML summary shows, gathered from the findings once: blockers, counts by type,
// classification and lock state, the profile cross-reference, other scanners and coverage.
import { TARGET_APPLICATION_TYPES, type SecureStoreApplicationRecord } from '../src/model.js';
import { LOCK_STATES, type LockState } from '../src/lock-state.js';
import type { Finding } from '../src/scan/types.js';
import { byText, coverageOf, type Coverage, type FindingCount } from './summary-counts.js';
import type { ReportContext } from './types.js';

/** Long lists stop here and say how many more there are; the detail CSVs hold them all. */
export const LIST_LIMIT = 50;

export const CLASSIFICATIONS = ['compatible', 'convert', 'redesign', 'unknown'] as const;
/** The scanners the summary has sections for; findings of any other scanner are counted generically. */
const OWN_SECTIONS = new Set(['secure-store', 'locked-sites', 'profile-mappings']);

export interface ApplicationRow {
  id: string;
  friendlyName: string | null;
  type: string;
  reason: string;
  credentialPage: string | null;
}

export interface SiteRow {
  url: string;
  lockIssue: string | null;
}

export interface Listed<T> {
  total: number;
  /** At most LIST_LIMIT rows, sorted. */
  shown: T[];
}

export interface ProfileUseRow {
  applicationId: string;
  classification: string | null;
  uses: Array<{ connectionName: string; propertyName: string; lobSystemInstance: string }>;
}

export interface SummaryFacts {
  applications: number;
  redesign: ApplicationRow[];
  unknownType: ApplicationRow[];
  byType: Array<[string, number]>;
  byClassification: Array<[string, number]>;
  sites: number;
  noAccess: Listed<SiteRow>;
  unknownLock: Listed<SiteRow>;
  byLockState: Array<[LockState, number]>;
  profileUses: ProfileUseRow[];
  mappings: number;
  noise: number;
  missingApplications: number;
  missingInstances: number;
  others: FindingCount[];
  coverage: Coverage;
  /** Scanners with a section here that --scanners left out: their sections say so instead of showing zeros. */
  notScanned: string[];
}

/** The sites listed by name; gathered while the scan runs (summary-lock-lists.ts), as lock findings are not kept. */
export interface LockLists {
  noAccess: Listed<SiteRow>;
  unknownLock: Listed<SiteRow>;
}

export async function gatherFacts(ctx: Pick<ReportContext, 'counts' | 'files' | 'errors' | 'of' | 'scanners'>, lockLists: LockLists): Promise<SummaryFacts> {
  // Applications and profile findings are few and read whole.
  const apps = await ctx.of('secure-store').toArray();
  const profiles = await ctx.of('profile-mappings').toArray();
  const coverage = coverageOf(ctx.files, ctx.errors);
  const classificationOf = new Map(apps.map((f) => [f.subject, f.messageId]));

  const locked = ctx.of('locked-sites').count;
  const sites = Math.max(coverage.byKind.siteCollection ?? 0, locked);
  return {
    applications: apps.length,
    redesign: applicationRows(apps.filter((f) => f.messageId === 'redesign')),
    unknownType: applicationRows(apps.filter((f) => f.messageId === 'unknown')),
    byType: typeCounts(apps),
    byClassification: CLASSIFICATIONS.map((c) => [c, apps.filter((f) => f.messageId === c).length]),
    sites,
    ...lockLists,
    byLockState: LOCK_STATES.map((state) => [state, state === 'Unlock' ? sites - locked : ctx.of('locked-sites', [state]).count]),
    profileUses: profiles
      .filter((f) => f.messageId === 'usedByProfile')
      .map((f) => {
        const d = f.data as { applicationId: string; uses: ProfileUseRow['uses'] };
        return { applicationId: d.applicationId, classification: classificationOf.get(d.applicationId) ?? null, uses: d.uses };
      })
      .sort((a, b) => byText(a.applicationId, b.applicationId)),
    mappings: profiles.filter((f) => f.messageId === 'mapping' || f.messageId === 'noise').length,
    noise: profiles.filter((f) => f.messageId === 'noise').length,
    missingApplications: profiles.filter((f) => f.messageId === 'missingApplication').length,
    missingInstances: profiles.filter((f) => f.messageId === 'missingInstance').length,
    others: ctx.counts.filter((c) => !OWN_SECTIONS.has(c.scanner)),
    coverage,
    notScanned: [...OWN_SECTIONS].filter((id) => !ctx.scanners.includes(id)),
  };
}

function tally(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function applicationRows(findings: readonly Finding[]): ApplicationRow[] {
  return findings
    .map((f) => {
      const app = f.data.application as SecureStoreApplicationRecord | undefined;
      const reasons = (f.data.reasons as string[] | undefined) ?? [];
      return {
        id: f.subject,
        friendlyName: app?.friendlyName ?? null,
        type: app?.type ?? '(none)',
        reason: reasons[0] ?? '',
        credentialPage: app?.credentialManagementUrl ?? null,
      };
    })
    .sort((a, b) => byText(a.id, b.id));
}

/** Known types in the enum's order (zeros shown), then any other exported value, sorted. */
function typeCounts(apps: readonly Finding[]): Array<[string, number]> {
  const counts = tally(apps.map((f) => (f.data.application as SecureStoreApplicationRecord | undefined)?.type ?? '(none)'));
  const known: Array<[string, number]> = TARGET_APPLICATION_TYPES.map((t) => [t, counts.get(t) ?? 0]);
  const other = [...counts].filter(([t]) => !(TARGET_APPLICATION_TYPES as readonly string[]).includes(t)).sort(([a], [b]) => byText(a, b));
  return [...known, ...other];
}
