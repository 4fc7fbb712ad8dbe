// The sections of summary.html, blockers first, each a function of the gathered facts.
import type { LockState } from '../src/lock-state.js';
import { csvPartNames } from './excel-safe-csv.js';
import type { SummaryFacts } from './summary-facts.js';
import { barTable, countedHeading, esc, linkOrText, more, none, notScannedTile, num, table, tile, withSub, type Tone } from './summary-html-parts.js';

const LOCK_LABELS: Record<LockState, string> = {
  NoAccess: 'No Access',
  ReadOnly: 'Read-only',
  NoAdditions: 'No additions',
  Unknown: 'Unknown (ReadLocked missing)',
  Unlock: 'Unlocked',
};
const LOCK_TONES: Record<LockState, Tone> = { NoAccess: 'blocker', ReadOnly: 'warning', NoAdditions: 'warning', Unknown: 'error', Unlock: 'ok' };

const CLASS_LABELS: Record<string, string> = {
  compatible: 'Compatible: already Group Restricted',
  convert: 'Convert to Group Restricted',
  redesign: 'Redesign: a human decision',
  unknown: 'Unknown type',
};
const CLASS_TONES: Record<string, Tone> = { compatible: 'ok', convert: 'warning', redesign: 'blocker', unknown: 'error' };

/** Sites in SiteLocks-detail.csv: every one not unlocked. */
const lockedSites = (f: SummaryFacts): number => f.byLockState.reduce((sum, [state, n]) => (state === 'Unlock' ? sum : sum + n), 0);
const skipped = (f: SummaryFacts, scanner: string): boolean => f.notScanned.includes(scanner);
const notScanned = (scanner: string): string => `<p class="not-scanned">${esc(`Not scanned: this scan ran with --scanners, without ${scanner}.`)}</p>`;

export function tiles(f: SummaryFacts): string {
  const unknown = f.unknownType.length + f.unknownLock.total;
  const c = f.coverage;
  const apps = skipped(f, 'secure-store');
  const sites = skipped(f, 'locked-sites');
  return `<section class="tiles" aria-label="Key numbers">
${apps ? notScannedTile('applications need a redesign', 'tile-redesign') : tile(f.redesign.length, 'applications need a redesign', 'tile-redesign', f.redesign.length > 0 ? 'bad' : 'good', `of ${num(f.applications)} applications`)}
${sites ? notScannedTile('sites are locked No Access', 'tile-noaccess') : tile(f.noAccess.total, 'sites are locked No Access', 'tile-noaccess', f.noAccess.total > 0 ? 'bad' : 'good', `of ${num(f.sites)} site collections`)}
${tile(unknown, 'unknown types or lock states', 'tile-unknown', unknown > 0 ? 'bad' : 'good', apps || sites ? 'among what was scanned' : 'to check on the farm')}
${tile(c.filesFailed, 'export files failed', 'tile-failed', c.filesFailed > 0 ? 'bad' : 'good', `of ${num(c.filesSeen)} files seen`)}
</section>`;
}

export function blockers(f: SummaryFacts): string {
  const appTable = (rows: SummaryFacts['redesign']) =>
    table(
      ['Application', 'Type!', 'Why', 'Credential page'],
      rows.map((a) => [withSub(a.id, a.friendlyName), esc(a.type), esc(a.reason), linkOrText(a.credentialPage)]),
    );
  const siteTable = (rows: SummaryFacts['noAccess']['shown']) => table(['Site collection', 'Lock issue'], rows.map((s) => [linkOrText(s.url), esc(s.lockIssue ?? '')]));
  const appBlockers = skipped(f, 'secure-store')
    ? `<h3>Applications</h3>\n${notScanned('secure-store')}`
    : `${countedHeading('Applications that need a redesign', 'redesign', f.redesign.length)}
${f.redesign.length > 0 ? appTable(f.redesign) : none('None: every application can be recreated as Group Restricted.')}
${countedHeading('Applications of unknown type', 'unknown-type', f.unknownType.length)}
${f.unknownType.length > 0 ? appTable(f.unknownType) : none('None.')}`;
  if (skipped(f, 'locked-sites')) return `<section id="blockers"><h2>Blockers</h2>\n${appBlockers}\n<h3>Sites</h3>\n${notScanned('locked-sites')}\n</section>`;
  return `<section id="blockers"><h2>Blockers</h2>
${appBlockers}
${countedHeading('No Access sites', 'noaccess', f.noAccess.total)}
${f.noAccess.total > 0 ? `<p>Every migration skips these sites: unlock them, or decide to leave them behind.</p>\n${siteTable(f.noAccess.shown)}\n${more(f.noAccess.shown.length, f.noAccess.total, csvPartNames('ScannerReports/LockedSites-detail.csv', f.noAccess.total))}` : none('None.')}
${countedHeading('Sites with an unknown lock state', 'unknown-lock', f.unknownLock.total)}
${f.unknownLock.total > 0 ? `<p>ReadLocked is missing from the export; SharePoint fails to read it on exactly the No Access sites. Check these on the farm.</p>\n${siteTable(f.unknownLock.shown)}\n${more(f.unknownLock.shown.length, f.unknownLock.total, csvPartNames('ScannerReports/SiteLocks-detail.csv', lockedSites(f)))}` : none('None.')}
</section>`;
}

export function applications(f: SummaryFacts): string {
  const types = f.byType.map(([type, count]) => ({ html: esc(type), key: `type-${type}`, count }));
  const classes = f.byClassification.map(([c, count]) => ({ html: esc(CLASS_LABELS[c] ?? c), key: `class-${c}`, count, tone: CLASS_TONES[c] }));
  if (skipped(f, 'secure-store')) return `<section id="applications"><h2>Secure Store applications</h2>\n${notScanned('secure-store')}\n</section>`;
  return `<section id="applications"><h2>Secure Store applications <span class="sub">${num(f.applications)} in the export</span></h2>
<div class="grid"><div><h3>By type</h3>
${barTable('Applications by type', types, f.applications)}
</div><div><h3>By classification</h3>
${barTable('Applications by classification', classes, f.applications)}
</div></div></section>`;
}

export function locks(f: SummaryFacts): string {
  const rows = f.byLockState.map(([state, count]) => ({ html: esc(LOCK_LABELS[state]), key: `lock-${state}`, count, tone: LOCK_TONES[state] }));
  if (skipped(f, 'locked-sites')) return `<section id="locks"><h2>Site collection locks</h2>\n${notScanned('locked-sites')}\n</section>`;
  return `<section id="locks"><h2>Site collection locks <span class="sub">${num(f.sites)} site collections</span></h2>
${barTable('Sites by lock state', rows, f.sites)}
</section>`;
}

export function profiles(f: SummaryFacts): string {
  if (skipped(f, 'profile-mappings')) return `<section id="profiles"><h2>User-profile property mappings</h2>\n${notScanned('profile-mappings')}\n</section>`;
  const used =
    f.profileUses.length === 0
      ? none('No Secure Store application is used by a user-profile connection.')
      : table(
          ['Application', 'Classification', 'Profile properties that depend on it'],
          f.profileUses.map((u) => [esc(u.applicationId), u.classification === null ? 'not in the export' : esc(CLASS_LABELS[u.classification] ?? u.classification), propertiesByConnection(u.uses)]),
        );
  const rows = [
    { html: 'Property mappings', key: 'mappings', count: f.mappings },
    { html: 'of which phonetic noise (on every farm)', key: 'noise', count: f.noise },
    { html: 'BCS instances naming an application not in the export', key: 'missing-application', count: f.missingApplications, tone: 'warning' as const },
    { html: 'Connections reading a BCS instance not in the export', key: 'missing-instance', count: f.missingInstances, tone: 'warning' as const },
  ];
  return `<section id="profiles"><h2>User-profile property mappings</h2>
${countedHeading('Applications used by profile mappings', 'profile-apps', f.profileUses.length, 'warning')}
${used}
<h3>Mappings</h3>
${barTable('Profile mappings', rows, Math.max(f.mappings, f.missingApplications, f.missingInstances))}
</section>`;
}

/** What the exporter itself warned about: a database not exported, Secure Store returning nothing, … */
export function exportWarnings(f: SummaryFacts): string {
  if (f.exportWarnings.total === 0) return '';
  const items = f.exportWarnings.shown.map((w) => `<li>${esc(w)}</li>`).join('\n');
  return `<section id="export-warnings"><h2>Export warnings</h2>
<p>The exporter wrote ${num(f.exportWarnings.total)} warning${f.exportWarnings.total === 1 ? '' : 's'} into <code>ExportInfo.xml</code>: what it says here is missing from the export, and from every count below.</p>
<ul>
${items}
</ul>
${more(f.exportWarnings.shown.length, f.exportWarnings.total, ['ExportInfo.xml'])}
</section>`;
}

/** Third-party scanners: counted by scanner, finding and severity, as SummaryReport.csv does. */
export function others(f: SummaryFacts): string {
  if (f.others.length === 0) return '';
  return `<section id="other-scanners"><h2>Other scanners</h2>
${table(
  ['Scanner', 'Finding', 'Severity', 'Count'],
  f.others.map((o) => [esc(o.scanner), esc(o.finding), `<span class="sev ${esc(o.severity)}">${esc(o.severity)}</span>`, num(o.count)]),
)}
</section>`;
}

export function coverage(f: SummaryFacts): string {
  const c = f.coverage;
  const files = [
    { html: 'Files seen', key: 'coverage-files-seen', count: c.filesSeen },
    { html: 'Files failed', key: 'coverage-files-failed', count: c.filesFailed, tone: 'error' as const },
  ];
  const objects = [
    { html: 'Objects in the files', key: 'coverage-objects', count: c.objects },
    { html: 'Records read', key: 'coverage-records', count: c.recordsRead, tone: 'ok' as const },
    { html: 'Objects not recognised', key: 'coverage-unrecognised', count: c.objectsNotRecognised, tone: 'warning' as const },
  ];
  const errors = c.errorRows > 0 ? `<p>${num(c.errorRows)} error row${c.errorRows === 1 ? '' : 's'}: see <code>ScanErrors.csv</code>.</p>` : none('No errors.');
  return `<section id="coverage"><h2>Coverage</h2>
<div class="grid"><div>
${barTable('Files', files, c.filesSeen)}
</div><div>
${barTable('Objects', objects, c.objects)}
</div></div>
${errors}
</section>`;
}

/** "Connection via instance: PropA, PropB" — one line per connection and BCS instance. */
function propertiesByConnection(uses: SummaryFacts['profileUses'][number]['uses']): string {
  const groups = new Map<string, { connection: string; instance: string; properties: string[] }>();
  for (const u of uses) {
    const key = `${u.connectionName}\u0000${u.lobSystemInstance}`;
    const group = groups.get(key) ?? { connection: u.connectionName, instance: u.lobSystemInstance, properties: [] };
    group.properties.push(u.propertyName);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => `<div><strong>${esc(g.properties.join(', '))}</strong><span class="sub">${esc(g.connection)} via BCS instance ${esc(g.instance)}</span></div>`)
    .join('');
}
