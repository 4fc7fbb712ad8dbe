// The on-disk vault, version 2 (docs/vault-format.md). JSON: a header (ids, KDF parameters, the wrapped
// master key), the applications in an array (ids such as "__proto__" are data, never object keys), the
// audit chain's anchor and head, and an HMAC over the canonical form of everything else, so a flipped
// byte anywhere is caught on open. Version 1 (no audit state) is read, and upgraded on its next write.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { VaultError } from '../errors.js';
import type { ApplicationDefinition } from '../plan/types.js';
import type { AuditState } from './audit.js';
import type { Sealed } from './cipher.js';

export const VAULT_FORMAT = 'farmscan-vault';
export const VAULT_FORMAT_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
export const DEFAULT_AUDIT_PURGE_DAYS = 30;

export interface StoredCredential extends Sealed {
  field: string;
}

export interface StoredApplication {
  definition: ApplicationDefinition;
  /** One entry per field, in field order; null until credentials are set. */
  credentials: StoredCredential[] | null;
}

export interface VaultData {
  vaultId: string;
  createdAt: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  keyVersion: number;
  wrappedKey: Sealed;
  auditPurgeDays: number;
  applications: StoredApplication[];
  /** Null only for a version-1 vault read from disk; every write carries it (version 2). */
  audit: AuditState | null;
}

/** The exact text the MAC covers: fixed key order, built from the validated model, never from raw input. */
export function canonicalBody(data: VaultData): string {
  return JSON.stringify({
    format: VAULT_FORMAT,
    version: data.audit ? VAULT_FORMAT_VERSION : 1,
    vaultId: data.vaultId,
    createdAt: data.createdAt,
    kdf: { name: data.kdf.name, N: data.kdf.N, r: data.kdf.r, p: data.kdf.p, salt: data.kdf.salt },
    keyVersion: data.keyVersion,
    wrappedKey: sealedFields(data.wrappedKey),
    auditPurgeDays: data.auditPurgeDays,
    applications: data.applications.map((app) => ({
      definition: canonicalDefinition(app.definition),
      credentials: app.credentials && app.credentials.map((c) => ({ field: c.field, ...sealedFields(c) })),
    })),
    ...(data.audit ? { audit: { anchor: { after: data.audit.anchor.after, prev: data.audit.anchor.prev }, head: data.audit.head } } : {}),
  });
}

function sealedFields(s: Sealed): Sealed {
  return { iv: s.iv, ciphertext: s.ciphertext, tag: s.tag };
}

export function canonicalDefinition(d: ApplicationDefinition): ApplicationDefinition {
  const claim = (c: ApplicationDefinition['members'][number]) => ({
    claimType: c.claimType,
    claimIssuer: c.claimIssuer,
    claimValue: c.claimValue,
    encodedClaim: c.encodedClaim,
  });
  return {
    applicationId: d.applicationId,
    name: d.name,
    friendlyName: d.friendlyName,
    contactEmail: d.contactEmail,
    credentialManagementUrl: d.credentialManagementUrl,
    type: d.type,
    fields: d.fields.map((f) => ({ name: f.name, type: f.type, masked: f.masked })),
    administrators: d.administrators.map(claim),
    members: d.members.map(claim),
  };
}

/** The vault file's text: the canonical body with the MAC appended as the last property. */
export function serializeVault(data: VaultData, macKey: Buffer): string {
  const body = canonicalBody(data);
  const mac = computeMac(macKey, body);
  return `${body.slice(0, -1)},"mac":${JSON.stringify(mac)}}\n`;
}

export function computeMac(macKey: Buffer, body: string): string {
  return createHmac('sha256', macKey).update(body, 'utf8').digest('base64');
}

export function macMatches(macKey: Buffer, data: VaultData, mac: string): boolean {
  const expected = Buffer.from(computeMac(macKey, canonicalBody(data)), 'base64');
  const actual = Buffer.from(mac, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A MAC key separate from the value key, derived from the master key. */
export function macKeyFor(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'farmscan-vault v1 file mac', 32));
}

/** Parses and shape-checks a vault file. Says what is wrong, never echoes content. */
export function parseVault(text: string, where: string): { data: VaultData; mac: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultError(`${where}: not a farmscan vault (not valid JSON; the file is damaged or was altered)`);
  }
  const bad = (what: string) => new VaultError(`${where}: not a valid farmscan vault (${what}); the file is damaged or was altered`);
  if (!isObject(raw) || raw.format !== VAULT_FORMAT) throw bad('no "format": "farmscan-vault"');
  if (!READABLE_VERSIONS.includes(raw.version as number)) {
    throw new VaultError(`${where}: vault format version ${JSON.stringify(raw.version)} is not supported (this farmscan reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  const kdf = raw.kdf;
  if (!isObject(kdf) || kdf.name !== 'scrypt' || !isString(kdf.salt) || ![kdf.N, kdf.r, kdf.p].every(Number.isSafeInteger)) throw bad('kdf');
  if (!isString(raw.vaultId) || !isString(raw.createdAt) || !isString(raw.mac)) throw bad('header');
  if (!Number.isSafeInteger(raw.keyVersion) || (raw.keyVersion as number) < 1) throw bad('keyVersion');
  if (!Number.isSafeInteger(raw.auditPurgeDays) || (raw.auditPurgeDays as number) < 0) throw bad('auditPurgeDays');
  if (!isSealed(raw.wrappedKey)) throw bad('wrappedKey');
  if (!Array.isArray(raw.applications)) throw bad('applications');
  const applications = raw.applications.map((app, i) => parseApplication(app, () => bad(`application #${i + 1}`)));
  const data: VaultData = {
    vaultId: raw.vaultId,
    createdAt: raw.createdAt,
    kdf: { name: 'scrypt', N: kdf.N as number, r: kdf.r as number, p: kdf.p as number, salt: kdf.salt },
    keyVersion: raw.keyVersion as number,
    wrappedKey: raw.wrappedKey,
    auditPurgeDays: raw.auditPurgeDays as number,
    applications,
    audit: raw.version === 1 ? null : parseAuditState(raw.audit, () => bad('audit')),
  };
  return { data, mac: raw.mac };
}

function parseAuditState(raw: unknown, bad: () => VaultError): AuditState {
  if (!isObject(raw) || !isObject(raw.anchor) || !isString(raw.head)) throw bad();
  const { after, prev } = raw.anchor;
  if (!Number.isSafeInteger(after) || (after as number) < 0 || !(prev === null || isString(prev))) throw bad();
  return { anchor: { after: after as number, prev }, head: raw.head };
}

function parseApplication(raw: unknown, bad: () => VaultError): StoredApplication {
  if (!isObject(raw) || !isDefinition(raw.definition)) throw bad();
  const credentials = raw.credentials;
  if (credentials !== null && !(Array.isArray(credentials) && credentials.every((c) => isSealed(c) && isString((c as { field?: unknown }).field)))) {
    throw bad();
  }
  return { definition: canonicalDefinition(raw.definition), credentials: credentials as StoredCredential[] | null };
}

/** Shape check for an application definition, used for vault contents and for what replay asks to store. */
export function isDefinition(value: unknown): value is ApplicationDefinition {
  if (!isObject(value)) return false;
  const nullableString = (v: unknown) => v === null || isString(v);
  const claims = (v: unknown) =>
    Array.isArray(v) &&
    v.every((c) => isObject(c) && ['claimType', 'claimIssuer', 'claimValue', 'encodedClaim'].every((k) => nullableString(c[k])));
  return (
    isString(value.applicationId) &&
    isString(value.name) &&
    isString(value.type) &&
    nullableString(value.friendlyName) &&
    nullableString(value.contactEmail) &&
    nullableString(value.credentialManagementUrl) &&
    Array.isArray(value.fields) &&
    value.fields.every((f) => isObject(f) && isString(f.name) && isString(f.type) && typeof f.masked === 'boolean') &&
    claims(value.administrators) &&
    claims(value.members)
  );
}

function isSealed(value: unknown): value is Sealed {
  return isObject(value) && isString(value.iv) && isString(value.ciphertext) && isString(value.tag);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
