// The `file:` target: an open vault held in memory (master key included) that writes every change
// through one atomic file replace and records it in the audit chain. A writable open holds the vault's
// lock from before the file is read until close(), so two runs never work from the same old copy.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { VaultError, isUserError } from '../errors.js';
import type { ApplicationDefinition } from '../plan/types.js';
import { type AuditWriter, auditFields, auditPathFor, openAuditWriter, purgeCut, upgradeAnchor } from './audit.js';
import { chainKey } from './audit-entry.js';
import { readLog, rewriteLog } from './audit-log.js';
import { type AuditAnchor, ChainBroken, type ChainReport, verifyChain } from './audit-verify.js';
import { SealBroken, seal, unseal } from './cipher.js';
import { crashPoint } from './crash-point.js';
import { type StoredApplication, type StoredCredential, type VaultData, canonicalDefinition, isDefinition, parseVault } from './format.js';
import { DEFAULT_KDF_POLICY, type KdfPolicy, type ScryptParams } from './kdf.js';
import { valueAad, valueKeyFor } from './keys.js';
import { tightenMode } from './file-mode.js';
import { type VaultLock, acquireVaultLock } from './lock.js';
import { unlockVaultFile, wrapMasterKey, writeVaultFile } from './store.js';
import type { TargetVault, VaultState } from './types.js';

export interface FileVaultOptions {
  now: () => Date;
  /** Tests only may pass a cheaper policy; the CLI always uses DEFAULT_KDF_POLICY. */
  kdfPolicy?: KdfPolicy;
  /** For --dry-run: every change is refused and nothing is written, not even the audit log; no lock. */
  readOnly?: boolean;
  /** Names this run in the lock file, e.g. "replay" (default "vault"). */
  command?: string;
  /** How long to wait for another run's lock (default 30 s). */
  lockWaitMs?: number;
  /** One-line notes to the operator: waiting for the lock, a stale lock removed, a missing entry recovered. */
  notice?: (line: string) => void;
}

export interface PurgeReport {
  removed: number;
  kept: number;
}

export interface CheckReport {
  applications: number;
  credentials: number;
  decrypted: number;
}

export interface VaultHeader {
  vaultId: string;
  createdAt: string;
  keyVersion: number;
  kdf: ScryptParams;
  auditPurgeDays: number;
}

export interface FileVault extends TargetVault {
  readonly path: string;
  readonly auditPath: string;
  header(): VaultHeader;
  /** Decrypts every value (and forgets it at once); fails on the first one that does not authenticate. */
  check(): Promise<CheckReport>;
  /** New master key, every value re-encrypted, wrapped under the new pass phrase: one atomic replace. */
  rotateKey(newPassphrase: string): Promise<CheckReport>;
  /** Verifies every value, then re-wraps the same master key under a fresh salt and current KDF parameters. */
  refreshKey(passphrase: string): Promise<CheckReport & { removedTempFiles: number }>;
  audit(action: string, application: string | null, outcome: 'success' | 'failure', reason?: string): Promise<void>;
  /** Walks the audit chain from the vault's anchor; throws ChainBroken naming the first entry that is wrong. */
  verifyAudit(): Promise<ChainReport & { restoredHead: boolean }>;
  /** Removes the chain's entries older than `cutoff`, moving the vault's anchor past them (audited). */
  purgeAudit(cutoff: Date, reasonFor: (removed: number) => string): Promise<PurgeReport>;
  /** Zeroes the master key and releases the lock; the object is unusable afterwards. */
  close(): void;
}

export async function openFileVault(vaultPath: string, passphrase: string, options: FileVaultOptions): Promise<FileVault> {
  const lock = options.readOnly
    ? null
    : await acquireVaultLock(vaultPath, { command: options.command ?? 'vault', waitMs: options.lockWaitMs, notice: options.notice });
  try {
    return await openLocked(vaultPath, passphrase, options, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openLocked(vaultPath: string, passphrase: string, options: FileVaultOptions, lock: VaultLock | null): Promise<FileVault> {
  const policy = options.kdfPolicy ?? DEFAULT_KDF_POLICY;
  const auditPath = auditPathFor(vaultPath);
  let unlocked;
  try {
    unlocked = await unlockVaultFile(vaultPath, passphrase, policy);
  } catch (error) {
    if (error instanceof VaultError && !options.readOnly) {
      // Without the key: a MAC-less entry, protected by the next keyed entry's link to it.
      const writer = await openAuditWriter(auditPath, await peekHead(vaultPath));
      await writer.append(writer.seal(auditFields(options.now(), 'open', null, 'failure', error.message), null));
    }
    throw error;
  }
  let data: VaultData = unlocked.data;
  let masterKey: Buffer = unlocked.masterKey;
  let writer: AuditWriter | null = null;
  let anchor: AuditAnchor = data.audit?.anchor ?? { after: 0, prev: null };
  if (!options.readOnly) {
    await tightenMode(vaultPath);
    await tightenMode(auditPath);
    writer = await openAuditWriter(auditPath, data.audit?.head ?? null);
    if (writer.recovery.appendedHead) options.notice?.(`farmscan: the audit entry of the last change to ${vaultPath} was missing from the log (a run cut off before its append, or a cut) and was added to ${auditPath} from the vault's copy`);
    // A version-1 vault: its chain starts after the lines already in the log (an unchained prefix).
    if (!data.audit) anchor = await upgradeAnchor(auditPath);
  }
  const keyOf = (key: Buffer, keyVersion: number) => chainKey(key, keyVersion);
  const audit = async (action: string, application: string | null, outcome: 'success' | 'failure', reason?: string) => {
    if (!writer) return;
    await writer.append(writer.seal(auditFields(options.now(), action, application, outcome, reason), keyOf(masterKey, data.keyVersion)));
  };

  const find = (id: string): StoredApplication => {
    const app = data.applications.find((a) => a.definition.applicationId === id);
    if (!app) throw new VaultError(`${vaultPath}: no application ${JSON.stringify(id)} in the vault`);
    return app;
  };

  interface ChangeOptions {
    key?: Buffer;
    reason?: string;
    anchor?: AuditAnchor;
  }

  /**
   * Applies one change: its audit entry is sealed first and written inside the new vault file (the
   * head), so the rename carries it; appended to the log right after. A refused change is audited too.
   */
  const change = async (action: string, application: string | null, next: () => VaultData | Promise<VaultData>, how: ChangeOptions = {}) => {
    if (!writer || !lock) throw new VaultError(`${vaultPath}: opened read-only (dry run); ${action} refused`);
    const key = how.key ?? masterKey;
    let line: string;
    try {
      const nextData = await next();
      line = writer.seal(auditFields(options.now(), action, application, 'success', how.reason), keyOf(key, nextData.keyVersion));
      const nextAnchor = how.anchor ?? anchor;
      const written: VaultData = { ...nextData, audit: { anchor: nextAnchor, head: line } };
      crashPoint(`vault.${action}`);
      await lock.assertHeld();
      await writeVaultFile(vaultPath, written, key);
      [data, anchor] = [written, nextAnchor];
    } catch (error) {
      await audit(action, application, 'failure', isUserError(error) ? error.message : 'internal error');
      throw error;
    }
    await writer.append(line);
  };

  /** Decrypts every value (or those of `only`), handing each to `visit` and zeroing it right after. */
  const decryptAll = (visit?: (credential: StoredCredential, plaintext: Buffer) => void, only?: StoredApplication): CheckReport => {
    const valueKey = valueKeyFor(masterKey);
    let credentials = 0;
    let decrypted = 0;
    for (const app of only ? [only] : data.applications) {
      const id = app.definition.applicationId;
      const fieldNames = app.definition.fields.map((f) => f.name);
      if (app.credentials && app.credentials.map((c) => c.field).join('\u0000') !== fieldNames.join('\u0000')) {
        throw new VaultError(`${vaultPath}: the credentials of application ${JSON.stringify(id)} do not match its fields`);
      }
      for (const credential of app.credentials ?? []) {
        credentials++;
        let plaintext: Buffer;
        try {
          plaintext = unseal(valueKey, credential, valueAad(data, id, credential.field));
        } catch (error) {
          if (error instanceof SealBroken) {
            throw new VaultError(`${vaultPath}: the value of field ${JSON.stringify(credential.field)} of application ${JSON.stringify(id)} failed its integrity check`);
          }
          throw error;
        }
        visit?.(credential, plaintext);
        plaintext.fill(0);
        decrypted++;
      }
    }
    valueKey.fill(0);
    return { applications: data.applications.length, credentials, decrypted };
  };

  const vault: FileVault = {
    description: `file:${vaultPath}`,
    journalPath: `${vaultPath}.journal`,
    path: vaultPath,
    auditPath,
    audit,

    async verifyAudit() {
      const { lines } = await readLog(auditPath);
      const report = verifyChain(lines, anchor, data.audit?.head ?? null, keyOf(masterKey, data.keyVersion));
      return { ...report, restoredHead: writer?.recovery.appendedHead ?? false };
    },

    async purgeAudit(cutoff, reasonFor) {
      const { lines } = await readLog(auditPath);
      // Purging must not launder a tampered log into a verifiable one.
      try {
        verifyChain(lines, anchor, data.audit?.head ?? null, keyOf(masterKey, data.keyVersion));
      } catch (error) {
        if (!(error instanceof ChainBroken)) throw error;
        const refused = new VaultError(`${auditPath}: not purged, the audit chain is broken: ${error.message}`);
        await audit('purge-audit', null, 'failure', refused.message);
        throw refused;
      }
      const cut = purgeCut(lines, anchor, cutoff.getTime());
      // The vault's anchor moves first: a kill before the rewrite leaves lines before the anchor, which
      // verify counts and the next purge removes; never an anchor pointing at a removed entry.
      await change('purge-audit', null, () => data, { anchor: cut.anchor, reason: reasonFor(cut.removed) });
      crashPoint('audit.purge.rewrite');
      await rewriteLog(auditPath, (await readLog(auditPath)).lines.filter((_, i) => cut.keeps(i)));
      return { removed: cut.removed, kept: lines.length - cut.removed };
    },

    header: () => ({
      vaultId: data.vaultId,
      createdAt: data.createdAt,
      keyVersion: data.keyVersion,
      kdf: { N: data.kdf.N, r: data.kdf.r, p: data.kdf.p },
      auditPurgeDays: data.auditPurgeDays,
    }),

    async readState(): Promise<VaultState> {
      const applications = new Map(
        data.applications.map((app) => [
          app.definition.applicationId,
          { definition: canonicalDefinition(app.definition), fieldsSet: (app.credentials ?? []).map((c) => c.field) },
        ]),
      );
      return { applications };
    },

    async createApplication(definition) {
      const id = typeof definition?.applicationId === 'string' ? definition.applicationId : null;
      await change('create-application', id, () => {
        checkDefinition(definition, vaultPath);
        if (data.applications.some((a) => a.definition.applicationId === definition.applicationId)) {
          throw new VaultError(`${vaultPath}: application ${JSON.stringify(definition.applicationId)} already exists`);
        }
        return { ...data, applications: [...data.applications, { definition: canonicalDefinition(definition), credentials: null }] };
      });
    },

    async replaceApplication(definition) {
      const id = typeof definition?.applicationId === 'string' ? definition.applicationId : null;
      await change('replace-application', id, () => {
        checkDefinition(definition, vaultPath);
        const old = find(definition.applicationId);
        const sameFields = old.definition.fields.map((f) => f.name).join('\u0000') === definition.fields.map((f) => f.name).join('\u0000');
        const replaced = { definition: canonicalDefinition(definition), credentials: sameFields ? old.credentials : null };
        return { ...data, applications: data.applications.map((a) => (a === old ? replaced : a)) };
      });
    },

    async setCredentials(applicationId, values) {
      await change('set-credentials', applicationId, () => {
        const app = find(applicationId);
        const names = app.definition.fields.map((f) => f.name);
        checkFieldNames(applicationId, names, values, vaultPath);
        const valueKey = valueKeyFor(masterKey);
        try {
          const credentials = names.map((field) => {
            const plaintext = Buffer.from(values.get(field)!, 'utf8');
            try {
              return { field, ...seal(valueKey, plaintext, valueAad(data, applicationId, field)) };
            } finally {
              plaintext.fill(0);
            }
          });
          return { ...data, applications: data.applications.map((a) => (a === app ? { ...a, credentials } : a)) };
        } finally {
          valueKey.fill(0);
        }
      });
    },

    async differingCredentials(applicationId, values) {
      const app = find(applicationId);
      const differing = new Set(app.definition.fields.map((f) => f.name));
      decryptAll((credential, plaintext) => {
        const wanted = values.get(credential.field);
        if (wanted === undefined) return;
        const given = Buffer.from(wanted, 'utf8');
        if (given.length === plaintext.length && timingSafeEqual(given, plaintext)) differing.delete(credential.field);
        given.fill(0);
      }, app);
      return [...differing];
    },

    async check() {
      return decryptAll();
    },

    async rotateKey(newPassphrase) {
      const report = decryptAll();
      const newMasterKey = randomBytes(32);
      await change(
        'rotate-key',
        null,
        async () => {
          const oldKey = valueKeyFor(masterKey);
          const newKey = valueKeyFor(newMasterKey);
          const base: VaultData = { ...data, keyVersion: data.keyVersion + 1 };
          try {
            const applications = data.applications.map((app) => {
              const id = app.definition.applicationId;
              if (!app.credentials) return app;
              const credentials = app.credentials.map((c) => {
                const plaintext = unseal(oldKey, c, valueAad(data, id, c.field));
                try {
                  return { field: c.field, ...seal(newKey, plaintext, valueAad(base, id, c.field)) };
                } finally {
                  plaintext.fill(0);
                }
              });
              return { ...app, credentials };
            });
            return await wrapMasterKey({ ...base, applications }, newMasterKey, newPassphrase, policy.create);
          } finally {
            oldKey.fill(0);
            newKey.fill(0);
          }
        },
        { key: newMasterKey },
      );
      masterKey.fill(0);
      masterKey = newMasterKey;
      return report;
    },

    async refreshKey(passphrase) {
      const report = decryptAll();
      await change('refresh-key', null, () => wrapMasterKey(data, masterKey, passphrase, stronger(data.kdf, policy.create)));
      const removedTempFiles = await removeStaleTemps(vaultPath);
      return { ...report, removedTempFiles };
    },

    close() {
      masterKey.fill(0);
      lock?.release();
    },
  };
  return vault;
}

/** The head of a vault that did not open (wrong pass phrase): read without the key, to keep the seq. */
async function peekHead(vaultPath: string): Promise<string | null> {
  try {
    return parseVault(await readFile(vaultPath, 'utf8'), vaultPath).data.audit?.head ?? null;
  } catch {
    return null;
  }
}

function checkDefinition(definition: ApplicationDefinition, vaultPath: string): void {
  if (!isDefinition(definition) || definition.applicationId === '') {
    throw new VaultError(`${vaultPath}: an application definition is malformed`);
  }
  if (definition.type !== 'RestrictedGroup') {
    throw new VaultError(
      `${vaultPath}: application ${JSON.stringify(definition.applicationId)} has type ${JSON.stringify(definition.type)}; this vault, like the target Secure Store, accepts only RestrictedGroup`,
    );
  }
  const names = definition.fields.map((f) => f.name);
  if (names.length === 0 || new Set(names).size !== names.length) {
    throw new VaultError(`${vaultPath}: application ${JSON.stringify(definition.applicationId)} needs at least one field and unique field names`);
  }
}

function checkFieldNames(applicationId: string, names: string[], values: ReadonlyMap<string, string>, vaultPath: string): void {
  const missing = names.filter((n) => !values.has(n));
  const extra = [...values.keys()].filter((k) => !names.includes(k));
  if (missing.length || extra.length) {
    const parts = [missing.length ? `missing field(s) ${missing.map((n) => JSON.stringify(n)).join(', ')}` : '', extra.length ? `unknown field(s) ${extra.map((n) => JSON.stringify(n)).join(', ')}` : ''];
    throw new VaultError(`${vaultPath}: credentials for ${JSON.stringify(applicationId)}: ${parts.filter(Boolean).join('; ')}`);
  }
}

function stronger(stored: ScryptParams, wanted: ScryptParams): ScryptParams {
  return { N: Math.max(stored.N, wanted.N), r: Math.max(stored.r, wanted.r), p: Math.max(stored.p, wanted.p) };
}

/** Temp files an interrupted atomic write or lock left beside the vault (`.<name>[.lock].<12 hex>.tmp`). */
async function removeStaleTemps(vaultPath: string): Promise<number> {
  const dir = path.dirname(vaultPath);
  const base = path.basename(vaultPath);
  const pattern = new RegExp(`^\\.${escapeRegExp(base)}(\\.journal|\\.audit\\.jsonl|\\.lock)?\\.[0-9a-f]{12}\\.tmp$`);
  const stale = (await readdir(dir)).filter((name) => pattern.test(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  return stale.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
