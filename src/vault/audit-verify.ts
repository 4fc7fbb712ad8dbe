// Walks the audit chain from the vault's anchor and names the first line that was changed, removed,
// inserted or reordered. Entries of the current key version are checked by their MAC; entries of an
// earlier key version (before a rotate-key) by their links to the next entry (each `prev` is the hash of
// the line before, MAC included, so a later authentic entry vouches for all before it); failed opens
// carry no MAC and are protected by the keyed entry that follows them. The vault's copy of its last
// change's entry (`head`, under the vault's own MAC) shows a cut at the end up to that entry.
import { type AuditEntry, type ChainKey, isCanonical, lineHash, macMatches, parseEntry } from './audit-entry.js';

/** Where the chain starts: the entry `after + 1`, whose `prev` must be this (null for a new log). */
export interface AuditAnchor {
  after: number;
  prev: string | null;
}

export interface ChainReport {
  first: number | null;
  last: number | null;
  /** Checked by MAC under the current key. */
  current: number;
  /** Written under an earlier key version: checked by their links. */
  earlier: number;
  /** Failed opens: no MAC. */
  unauthenticated: number;
  /** Lines before the anchor: left by an interrupted purge, or written before the chain existed. */
  beforeAnchor: number;
  /** Entries after the vault's last change: a cut of these at the end of the log cannot be seen. */
  afterHead: number;
}

export class ChainBroken extends Error {
  override name = 'ChainBroken';
}

/** The index of the anchor's first entry, or -1. */
export function chainStart(entries: (AuditEntry | null)[], anchor: AuditAnchor): number {
  return entries.findIndex((e) => e?.seq === anchor.after + 1 && e.prev === anchor.prev);
}

interface Walk {
  lines: string[];
  entries: (AuditEntry | null)[];
  key: ChainKey;
}

export function verifyChain(lines: string[], anchor: AuditAnchor, head: string | null, key: ChainKey): ChainReport {
  const walk: Walk = { lines, entries: lines.map(parseEntry), key };
  const start = chainStart(walk.entries, anchor);
  const report: ChainReport = { first: null, last: null, current: 0, earlier: 0, unauthenticated: 0, beforeAnchor: start < 0 ? lines.length : start, afterHead: 0 };
  if (start < 0) {
    // A version-1 vault not written since: everything in the log is its unchained prefix.
    if (head === null && !walk.entries.some((e) => e?.seq != null)) return report;
    throw missingStart(walk, anchor);
  }
  report.first = anchor.after + 1;
  let prevHash = anchor.prev;
  let keyFloor = 0;
  for (let i = start; i < lines.length; i++) {
    const e = walk.entries[i];
    const expected = anchor.after + 1 + (i - start);
    if (!e || e.seq === null) throw new ChainBroken(`line ${i + 1} is not an audit entry of the chain (expected entry #${expected}): it was inserted or changed`);
    const authentic = checkEntry(walk, i, keyFloor);
    keyFloor = Math.max(keyFloor, e.keyVersion ?? 0);
    if (e.seq !== expected) throw outOfPlace(walk, i, expected, start);
    if (e.prev !== prevHash) throw unlinked(walk, i, authentic);
    if (authentic) report.current++;
    else if (e.mac === null) report.unauthenticated++;
    else report.earlier++;
    report.last = e.seq;
    prevHash = lineHash(lines[i]);
  }
  report.afterHead = checkHead(walk, start, head);
  return report;
}

function missingStart(walk: Walk, anchor: AuditAnchor): ChainBroken {
  const i = walk.entries.findIndex((e) => e?.seq != null);
  const seen = i < 0 ? 'the log holds no chained entry' : `the first chained entry is ${name(walk, i)}`;
  return new ChainBroken(`audit entry #${anchor.after + 1}, the first after the vault's anchor, is missing (removed) or was changed; ${seen}`);
}

/** Throws for an entry that cannot be genuine by itself; returns true when its MAC proves it. */
function checkEntry(walk: Walk, i: number, keyFloor: number): boolean {
  const e = walk.entries[i]!;
  const { key } = walk;
  if (!isCanonical(e, walk.lines[i])) throw new ChainBroken(`${name(walk, i)} was changed: it is not as farmscan writes it`);
  if (e.mac === null) {
    if (e.keyVersion !== null || e.action !== 'open' || e.outcome !== 'failure') throw new ChainBroken(`${name(walk, i)} was changed: it lost its MAC`);
    return false;
  }
  if (e.keyVersion === null || e.keyVersion > key.keyVersion || e.keyVersion < keyFloor) {
    throw new ChainBroken(`${name(walk, i)} was changed or inserted: its key version ${e.keyVersion} does not fit the chain`);
  }
  if (e.keyVersion < key.keyVersion) return false;
  if (!macMatches(e, key)) throw new ChainBroken(`${name(walk, i)} was changed or inserted: its MAC does not match`);
  return true;
}

function outOfPlace(walk: Walk, i: number, expected: number, start: number): ChainBroken {
  const e = walk.entries[i]!;
  const after = i > start ? name(walk, i - 1) : "the vault's anchor";
  if (e.seq! < expected) return new ChainBroken(`${name(walk, i)} appears again after ${after}: it was inserted or reordered`);
  const later = walk.entries.findIndex((x, j) => j > i && x?.seq === expected);
  if (later >= 0) return new ChainBroken(`${name(walk, later)} is out of place: it comes after ${name(walk, i)} (reordered)`);
  const range = e.seq! - 1 > expected ? `entries #${expected}–#${e.seq! - 1} are` : `entry #${expected} is`;
  return new ChainBroken(`${range} missing (removed) before ${name(walk, i)}: the log goes from ${after} to it`);
}

function unlinked(walk: Walk, i: number, authentic: boolean): ChainBroken {
  const before = walk.entries[i - 1];
  const earlier = before?.keyVersion != null && before.keyVersion < walk.key.keyVersion ? ` (written under key version ${before.keyVersion}, so checked by this link)` : '';
  if (!before) return new ChainBroken(`${name(walk, i)} does not link to the vault's anchor: it or the entry before it was changed`);
  return new ChainBroken(
    authentic
      ? `${name(walk, i - 1)} was changed${earlier}: ${name(walk, i)}, which is authentic, was written after a different entry`
      : `${name(walk, i - 1)} or ${name(walk, i)} was changed: they no longer link`,
  );
}

/** The log must hold the vault's copy of its last change, unchanged. Returns how many entries follow it. */
function checkHead(walk: Walk, start: number, head: string | null): number {
  const wanted = head === null ? null : parseEntry(head);
  if (!wanted || wanted.seq === null) return walk.lines.length - start;
  const i = walk.entries.findIndex((e, j) => j >= start && e?.seq === wanted.seq);
  const what = `audit entry #${wanted.seq} (${wanted.time}, ${wanted.action}), the vault's last change,`;
  if (i < 0) throw new ChainBroken(`${what} is missing (removed from the end of the log)`);
  if (walk.lines[i] !== head) throw new ChainBroken(`line ${i + 1}: ${what} differs from the copy the vault keeps (changed)`);
  return walk.lines.length - 1 - i;
}

function name(walk: Walk, i: number): string {
  const e = walk.entries[i];
  return e ? `line ${i + 1} (audit entry #${e.seq ?? '-'}, ${e.time}, ${e.action})` : `line ${i + 1}`;
}
