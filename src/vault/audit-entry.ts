// One audit entry, one JSON line, keys in a fixed order. `prev` is the SHA-256 of the previous line
// (which holds that line's MAC), `mac` an HMAC-SHA-256 of the line without `mac` under a key derived
// from the vault's master key: changing, removing, inserting or reordering a line breaks the chain.
// A failed open is written by someone without the key: its `mac` is null, and the next keyed entry's
// `prev` is what protects it.
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface AuditFields {
  time: string;
  action: string;
  application: string | null;
  user: string;
  outcome: 'success' | 'failure';
  reason?: string;
}

export interface AuditEntry extends AuditFields {
  /** Null only for lines written before the chain existed (vault format 1). */
  seq: number | null;
  keyVersion: number | null;
  prev: string | null;
  mac: string | null;
}

/** The key an entry is MACed with: the vault's master key of that key version, through HKDF. */
export interface ChainKey {
  auditKey: Buffer;
  keyVersion: number;
}

export function auditKeyFor(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'farmscan-vault v1 audit chain', 32));
}

export function chainKey(masterKey: Buffer, keyVersion: number): ChainKey {
  return { auditKey: auditKeyFor(masterKey), keyVersion };
}

/** The next entry's line: keyed when `key` is given, otherwise a MAC-less failed-open entry. */
export function sealEntry(fields: AuditFields, seq: number, prev: string | null, key: ChainKey | null): string {
  const entry: AuditEntry = { ...fields, seq, keyVersion: key?.keyVersion ?? null, prev, mac: null };
  const body = entryBody(entry);
  return key ? withMac(body, computeMac(key.auditKey, body)) : withMac(body, null);
}

function entryBody(e: AuditEntry): string {
  return JSON.stringify({
    seq: e.seq,
    time: e.time,
    action: e.action,
    application: e.application,
    user: e.user,
    outcome: e.outcome,
    ...(e.reason === undefined ? {} : { reason: e.reason }),
    keyVersion: e.keyVersion,
    prev: e.prev,
  });
}

function withMac(body: string, mac: string | null): string {
  return `${body.slice(0, -1)},"mac":${JSON.stringify(mac)}}`;
}

function computeMac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

/** An entry is what farmscan would write for its fields, byte for byte: no reformatting, no extra keys. */
export function isCanonical(entry: AuditEntry, line: string): boolean {
  return entry.seq !== null && withMac(entryBody(entry), entry.mac) === line;
}

export function macMatches(entry: AuditEntry, key: ChainKey): boolean {
  if (entry.mac === null || entry.keyVersion !== key.keyVersion) return false;
  const expected = Buffer.from(computeMac(key.auditKey, entryBody(entry)), 'base64');
  const actual = Buffer.from(entry.mac, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('base64');
}

/** The entry a line holds, or null for a line that is not one (foreign text, a torn write). */
export function parseEntry(line: string): AuditEntry | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const str = (v: unknown) => typeof v === 'string';
  const strOrNull = (v: unknown) => v === null || str(v);
  const intOrNull = (v: unknown) => v === null || (Number.isSafeInteger(v) && (v as number) >= 1);
  if (!str(raw.time) || !str(raw.action) || !strOrNull(raw.application) || !str(raw.user)) return null;
  if (raw.outcome !== 'success' && raw.outcome !== 'failure') return null;
  if (raw.reason !== undefined && !str(raw.reason)) return null;
  const chained = 'seq' in raw;
  if (chained && !(Number.isSafeInteger(raw.seq) && intOrNull(raw.seq) && intOrNull(raw.keyVersion) && strOrNull(raw.prev) && strOrNull(raw.mac))) return null;
  return {
    time: raw.time as string,
    action: raw.action as string,
    application: raw.application as string | null,
    user: raw.user as string,
    outcome: raw.outcome,
    ...(raw.reason === undefined ? {} : { reason: raw.reason as string }),
    seq: chained ? (raw.seq as number) : null,
    keyVersion: chained ? (raw.keyVersion as number | null) : null,
    prev: chained ? (raw.prev as string | null) : null,
    mac: chained ? (raw.mac as string | null) : null,
  };
}
