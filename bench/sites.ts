// SiteCollections.xml as the exporter writes it: one PSCustomObject per site collection with the
// lock booleans of Get-SPSiteAdministration (REFERENCE.md §4). A few percent sit in each lock state,
// and ~0.1% lose ReadLocked (the getter that throws on No Access sites), which must read as unknown.
import { createRandom, randomGuid, type Random } from './prng.js';
import { clixmlText, CRLF, indent, PS_CUSTOM_OBJECT, ROOT_CLOSE, ROOT_OPEN } from './clixml-text.js';

export type LockState = 'Unlock' | 'NoAdditions' | 'ReadOnly' | 'NoAccess' | 'Unknown';
export type LockCounts = Record<LockState, number>;

interface Site {
  id: string;
  url: string;
  readLocked: boolean | null;
  writeLocked: boolean;
  readOnly: boolean;
  lockIssue: string | null;
  state: LockState;
}

const HOSTS = ['intranet.contoso.com', 'projects.contoso.com', 'teams.contoso.com'];
const PATHS = ['sites', 'teams', 'projects'];
const DEPARTMENTS = ['finance', 'hr', 'legal', 'sales', 'marketing', 'engineering', 'operations', 'it-support'];
// Hostile but valid: entities, CR LF and an astral character that Export-Clixml writes as `_xHHHH_`.
const LOCK_ISSUES = [
  'Locked by the migration team',
  'Quota exceeded',
  'Legal hold & audit (case <2024-117>)',
  'Archived\r\nticket INC0012345',
  'Gesperrt für die Übernahme 🔒',
];

// Sites 1-4 take one of each locked state, so even a tiny export has every state.
const FORCED = [1, 0.0005, 0.01, 0.03, 0.06];

function lockState(index: number, random: Random): Pick<Site, 'readLocked' | 'writeLocked' | 'readOnly' | 'state'> {
  const r = index < FORCED.length ? FORCED[index] : random.next();
  if (r < 0.001) return { readLocked: null, writeLocked: true, readOnly: false, state: 'Unknown' };
  if (r < 0.021) return { readLocked: true, writeLocked: true, readOnly: random.next() < 0.5, state: 'NoAccess' };
  if (r < 0.041) return { readLocked: false, writeLocked: true, readOnly: true, state: 'ReadOnly' };
  if (r < 0.071) return { readLocked: false, writeLocked: true, readOnly: false, state: 'NoAdditions' };
  return { readLocked: false, writeLocked: false, readOnly: false, state: 'Unlock' };
}

function makeSite(index: number, random: Random): Site {
  const number = String(index).padStart(6, '0');
  // Every 9,973rd site has a non-ASCII URL, so readers see multi-byte UTF-8 and non-Latin-1 UTF-16.
  const slug = index % 9973 === 17 ? `équipe-${number}-zürich` : `team-${number}-${random.pick(DEPARTMENTS)}`;
  const url = `https://${random.pick(HOSTS)}/${random.pick(PATHS)}/${slug}`;
  const lock = lockState(index, random);
  const lockIssue = lock.state === 'Unlock' || random.next() < 0.4 ? null : random.pick(LOCK_ISSUES);
  return { id: randomGuid(random), url, lockIssue, ...lock };
}

const TYPE_FIRST =
  `${indent(2)}<TN RefId="0">${CRLF}` +
  PS_CUSTOM_OBJECT.map((t) => `${indent(3)}<T>${t}</T>${CRLF}`).join('') +
  `${indent(2)}</TN>${CRLF}`;
const TYPE_AGAIN = `${indent(2)}<TNRef RefId="0" />${CRLF}`;
const I3 = indent(3);

function bool(name: string, value: boolean | null): string {
  return value === null ? `${I3}<Nil N="${name}" />${CRLF}` : `${I3}<B N="${name}">${value}</B>${CRLF}`;
}

function siteXml(refId: number, site: Site): string {
  return (
    `${indent(1)}<Obj RefId="${refId}">${CRLF}` +
    (refId === 0 ? TYPE_FIRST : TYPE_AGAIN) +
    `${indent(2)}<MS>${CRLF}` +
    `${I3}<G N="Id">${site.id}</G>${CRLF}` +
    `${I3}<S N="Url">${clixmlText(site.url)}</S>${CRLF}` +
    bool('ReadLocked', site.readLocked) +
    bool('WriteLocked', site.writeLocked) +
    bool('ReadOnly', site.readOnly) +
    (site.lockIssue === null ? `${I3}<Nil N="LockIssue" />${CRLF}` : `${I3}<S N="LockIssue">${clixmlText(site.lockIssue)}</S>${CRLF}`) +
    `${indent(2)}</MS>${CRLF}` +
    `${indent(1)}</Obj>${CRLF}`
  );
}

export function emptyLockCounts(): LockCounts {
  return { Unlock: 0, NoAdditions: 0, ReadOnly: 0, NoAccess: 0, Unknown: 0 };
}

/** The document text in batches of `batchSize` sites; counts each lock state into `counts`. */
export function* siteCollectionsXml(count: number, seed: number, counts: LockCounts, batchSize = 2000): Generator<string> {
  const random = createRandom(seed);
  if (count === 0) {
    yield ROOT_OPEN.replace('>', ' />');
    return;
  }
  let batch = ROOT_OPEN + CRLF;
  for (let i = 0; i < count; i++) {
    const site = makeSite(i, random);
    counts[site.state]++;
    batch += siteXml(i, site);
    if ((i + 1) % batchSize === 0) {
      yield batch;
      batch = '';
    }
  }
  yield batch + ROOT_CLOSE;
}
