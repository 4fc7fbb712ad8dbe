// The audit chain's writer. The vault file keeps a copy of the entry of its own last change (`head`),
// written in the same atomic replace as the change: a run killed between the rename and the append
// loses no entry, because whoever takes the lock next appends the copy first (once: only when the log
// has not reached it yet). Never a value, pass phrase or key in an entry.
import { userInfo } from 'node:os';
import { type AuditEntry, type AuditFields, type ChainKey, lineHash, parseEntry, sealEntry } from './audit-entry.js';
import { appendLine, cutTornTail, readLog } from './audit-log.js';
import { type AuditAnchor, chainStart } from './audit-verify.js';

export { auditPathFor } from './audit-log.js';

/** What a format-2 vault records of its audit log (covered by the vault's MAC). */
export interface AuditState {
  anchor: AuditAnchor;
  /** The exact line of the entry of the vault's last change. */
  head: string;
}

export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface Recovery {
  /** The vault's last entry was missing from the log (a run cut off after its change) and was appended. */
  appendedHead: boolean;
  /** A torn last line (a crash mid-append) was cut. */
  tornBytes: number;
}

/** The fields of an entry made now by this OS user; a reason only for failures and purges. */
export function auditFields(now: Date, action: string, application: string | null, outcome: 'success' | 'failure', reason?: string): AuditFields {
  return { time: now.toISOString(), action, application, user: osUser(), outcome, ...(reason ? { reason } : {}) };
}

export interface AuditWriter {
  readonly recovery: Recovery;
  /** Where the log ends now: the anchor of a chain that starts with the next entry. */
  position(): AuditAnchor;
  /** The line of the next entry, keyed (or, without a key, a failed open); not written yet. */
  seal(fields: AuditFields, key: ChainKey | null): string;
  /** Appends a line from seal(); the chain moves past it. */
  append(line: string): Promise<void>;
}

/** Only for the holder of the vault's lock: cuts a torn tail, appends the vault's head if it is missing. */
export async function openAuditWriter(file: string, head: string | null): Promise<AuditWriter> {
  const log = await readLog(file);
  await cutTornTail(file, log);
  let lastSeq = lastChainedSeq(log.lines);
  let lastHash = log.lines.length ? lineHash(log.lines[log.lines.length - 1]) : null;
  const recovery: Recovery = { appendedHead: false, tornBytes: log.tornBytes };
  const headSeq = head === null ? null : parseEntry(head)?.seq ?? null;
  if (head !== null && headSeq !== null && headSeq > lastSeq) {
    await appendLine(file, head);
    [lastSeq, lastHash] = [headSeq, lineHash(head)];
    recovery.appendedHead = true;
  }
  return {
    recovery,
    position: () => ({ after: lastSeq, prev: lastHash }),
    seal: (fields, key) => sealEntry(fields, lastSeq + 1, lastHash, key),
    async append(line) {
      await appendLine(file, line);
      lastSeq = parseEntry(line)?.seq ?? lastSeq + 1;
      lastHash = lineHash(line);
    },
  };
}

function lastChainedSeq(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const seq = parseEntry(lines[i])?.seq;
    if (seq != null) return seq;
  }
  return 0;
}

/** Where the chain of a format-1 vault's log starts when the vault is upgraded: after its last line. */
export async function upgradeAnchor(file: string): Promise<AuditAnchor> {
  const { lines } = await readLog(file);
  const entries = lines.map(parseEntry);
  // Failed opens written since the upgrade was needed already started the chain.
  const first = entries.find((e) => e?.seq != null);
  if (first) return { after: first.seq! - 1, prev: first.prev };
  return { after: 0, prev: lines.length ? lineHash(lines[lines.length - 1]) : null };
}

export interface PurgeCut {
  anchor: AuditAnchor;
  /** Whether the line at this index stays (lines appended after the cut was made always stay). */
  keeps: (index: number) => boolean;
  removed: number;
}

/**
 * The entries older than `cutoff` at the start of the chain (stopping at the first younger one, so a
 * clock set back does not open holes in it); the new anchor is the last of them. Before the anchor:
 * chained lines an interrupted purge left go, unchained (pre-chain) lines go once older than `cutoff`.
 */
export function purgeCut(lines: string[], anchor: AuditAnchor, cutoff: number): PurgeCut {
  const entries = lines.map(parseEntry);
  const found = chainStart(entries, anchor);
  const start = found < 0 ? lines.length : found;
  const old = (i: number) => Date.parse(entries[i]?.time ?? '') < cutoff;
  let end = start;
  while (end < lines.length && old(end)) end++;
  const dropped = (i: number) => (i < start ? entries[i]?.seq != null || old(i) || entries[i] === null : i < end);
  const removed = lines.filter((_, i) => dropped(i)).length;
  const next = end === start ? anchor : { after: entries[end - 1]!.seq!, prev: lineHash(lines[end - 1]) };
  return { anchor: next, keeps: (i) => i >= lines.length || !dropped(i), removed };
}

export interface PrintedLog {
  entries: AuditEntry[];
  unreadable: number;
}

/** For `vault audit`: the entries in file order, lines that are not entries counted. */
export async function readAuditEntries(file: string): Promise<PrintedLog> {
  const { lines, tornBytes } = await readLog(file);
  const entries: AuditEntry[] = [];
  let unreadable = tornBytes > 0 ? 1 : 0;
  for (const line of lines) {
    const entry = line.trim() === '' ? null : parseEntry(line);
    if (entry) entries.push(entry);
    else if (line.trim() !== '') unreadable++;
  }
  return { entries, unreadable };
}
