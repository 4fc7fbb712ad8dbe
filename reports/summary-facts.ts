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
const OWN_SECTIONS = new Set(['secure-store', 'locked-sites', 'profile-mappings', 'export-info']);

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
  /** The exporter's warnings (ExportInfo.xml), sorted: what the export itself says it lacks. */
  exportWarnings: Listed<string>;
  /** Scanners with a section here that --scanners left out: their sections say so instead of showing zeros. */
  notScanned: string[];
}

/** The sites listed by name; gathered while the scan runs (summary-lock-lists.ts), as lock findings are not kept. */
export interface LockLists {
  noAccess: Listed<SiteRow>;
  unknownLock: Listed<SiteRow>;
}

export async function gatherFacts(ctx: Pick<ReportContext, 'counts' | 'files' | 'errors' | 'of' | 'scanners'>, lockLists: LockLists): Promise<SummaryFacts> {
  const apps = await applicationFacts(ctx.of('secure-store'));
  // Profile findings are few (one a mapping) and read whole.
  const profiles = await ctx.of('profile-mappings').toArray();
  const coverage = coverageOf(ctx.files, ctx.errors);
  const locked = ctx.of('locked-sites').count;
  const sites = Math.max(coverage.byKind.siteCollection ?? 0, locked);
  return {
    applications: apps.count,
    redesign: apps.redesign.sort((a, b) => byText(a.id, b.id)),
    unknownType: apps.unknownType.sort((a, b) => byText(a.id, b.id)),
    byType: typeCounts(apps.byType),
    byClassification: CLASSIFICATIONS.map((c) => [c, apps.byClassification.get(c) ?? 0]),
    sites,
    ...lockLists,
    byLockState: LOCK_STATES.map((state) => [state, state === 'Unlock' ? sites - locked : ctx.of('locked-sites', [state]).count]),
    profileUses: profiles
      .filter((f) => f.messageId === 'usedByProfile')
      .map((f) => {
        const d = f.data as { applicationId: string; uses: ProfileUseRow['uses'] };
        return { applicationId: d.applicationId, classification: apps.classificationOf.get(d.applicationId) ?? null, uses: d.uses };
      })
      .sort((a, b) => byText(a.applicationId, b.applicationId)),
    mappings: profiles.filter((f) => f.messageId === 'mapping' || f.messageId === 'noise').length,
    noise: profiles.filter((f) => f.messageId === 'noise').length,
    missingApplications: profiles.filter((f) => f.messageId === 'missingApplication').length,
    missingInstances: profiles.filter((f) => f.messageId === 'missingInstance').length,
    others: ctx.counts.filter((c) => !OWN_SECTIONS.has(c.scanner)),
    coverage,
    exportWarnings: listed((await ctx.of('export-info').toArray()).map((f) => String(f.data.warning)).sort(byText)),
    notScanned: [...OWN_SECTIONS].filter((id) => !ctx.scanners.includes(id)),
  };
}

function listed<T>(rows: T[]): Listed<T> {
  return { total: rows.length, shown: rows.slice(0, LIST_LIMIT) };
}

/** The applications' counts and the rows the page lists, in one pass: the findings themselves are not held. */
async function applicationFacts(findings: AsyncIterable<Finding>) {
  const facts = {
    count: 0,
    redesign: [] as ApplicationRow[],
    unknownType: [] as ApplicationRow[],
    byType: new Map<string, number>(),
    byClassification: new Map<string, number>(),
    classificationOf: new Map<string, string>(),
  };
  for await (const f of findings) {
    facts.count++;
    const type = (f.data.application as SecureStoreApplicationRecord | undefined)?.type ?? '(none)';
    facts.byType.set(type, (facts.byType.get(type) ?? 0) + 1);
    facts.byClassification.set(f.messageId, (facts.byClassification.get(f.messageId) ?? 0) + 1);
    facts.classificationOf.set(f.subject, f.messageId); // an id exported twice: the last one
    if (f.messageId === 'redesign') facts.redesign.push(applicationRow(f));
    if (f.messageId === 'unknown') facts.unknownType.push(applicationRow(f));
  }
  return facts;
}

function applicationRow(f: Finding): ApplicationRow {
  const app = f.data.application as SecureStoreApplicationRecord | undefined;
  const reasons = (f.data.reasons as string[] | undefined) ?? [];
  return {
    id: f.subject,
    friendlyName: app?.friendlyName ?? null,
    type: app?.type ?? '(none)',
    reason: reasons[0] ?? '',
    credentialPage: app?.credentialManagementUrl ?? null,
  };
}

/** Known types in the enum's order (zeros shown), then any other exported value, sorted. */
function typeCounts(counts: ReadonlyMap<string, number>): Array<[string, number]> {
  const known: Array<[string, number]> = TARGET_APPLICATION_TYPES.map((t) => [t, counts.get(t) ?? 0]);
  const other = [...counts].filter(([t]) => !(TARGET_APPLICATION_TYPES as readonly string[]).includes(t)).sort(([a], [b]) => byText(a, b));
  return [...known, ...other];
}
