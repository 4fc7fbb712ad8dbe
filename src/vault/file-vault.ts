// The `file:` target: an open vault held in memory (master key included) that writes every change
// through one atomic file replace and records it in the audit log.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { VaultError, isUserError } from '../errors.js';
import type { ApplicationDefinition } from '../plan/types.js';
import { appendAudit, auditPathFor, osUser } from './audit.js';
import { SealBroken, seal, unseal } from './cipher.js';
import { crashPoint } from './crash-point.js';
import { type StoredApplication, type StoredCredential, type VaultData, canonicalDefinition, isDefinition } from './format.js';
import { DEFAULT_KDF_POLICY, type KdfPolicy, type ScryptParams } from './kdf.js';
import { valueAad, valueKeyFor } from './keys.js';
import { tightenMode } from './file-mode.js';
import { unlockVaultFile, wrapMasterKey, writeVaultFile } from './store.js';
import type { TargetVault, VaultState } from './types.js';

export interface FileVaultOptions {
  now: () => Date;
  /** Tests only may pass a cheaper policy; the CLI always uses DEFAULT_KDF_POLICY. */
  kdfPolicy?: KdfPolicy;
  /** For --dry-run: every change is refused and nothing is written, not even the audit log. */
  readOnly?: boolean;
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
  /** Zeroes the master key; the object is unusable afterwards. */
  close(): void;
}

export async function openFileVault(vaultPath: string, passphrase: string, options: FileVaultOptions): Promise<FileVault> {
  const policy = options.kdfPolicy ?? DEFAULT_KDF_POLICY;
  const auditPath = auditPathFor(vaultPath);
  const audit = async (action: string, application: string | null, outcome: 'success' | 'failure', reason?: string) => {
    if (options.readOnly) return;
    await appendAudit(auditPath, { time: options.now().toISOString(), action, application, user: osUser(), outcome, ...(reason ? { reason } : {}) });
  };
  let unlocked;
  try {
    unlocked = await unlockVaultFile(vaultPath, passphrase, policy);
  } catch (error) {
    if (error instanceof VaultError) await audit('open', null, 'failure', error.message);
    throw error;
  }
  if (!options.readOnly) {
    await tightenMode(vaultPath);
    await tightenMode(auditPath);
  }
  let data: VaultData = unlocked.data;
  let masterKey: Buffer = unlocked.masterKey;

  const find = (id: string): StoredApplication => {
    const app = data.applications.find((a) => a.definition.applicationId === id);
    if (!app) throw new VaultError(`${vaultPath}: no application ${JSON.stringify(id)} in the vault`);
    return app;
  };

  /** Applies one change: written atomically first, audited after; a refused change is audited too. */
  const change = async (action: string, application: string | null, next: () => VaultData | Promise<VaultData>, key = masterKey) => {
    if (options.readOnly) throw new VaultError(`${vaultPath}: opened read-only (dry run); ${action} refused`);
    try {
      const nextData = await next();
      crashPoint(`vault.${action}`);
      await writeVaultFile(vaultPath, nextData, key);
      data = nextData;
    } catch (error) {
      await audit(action, application, 'failure', isUserError(error) ? error.message : 'internal error');
      throw error;
    }
    await audit(action, application, 'success');
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
        newMasterKey,
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
    },
  };
  return vault;
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

/** Temp files an interrupted atomic write left beside the vault (`.<name>.<12 hex>.tmp`). */
async function removeStaleTemps(vaultPath: string): Promise<number> {
  const dir = path.dirname(vaultPath);
  const base = path.basename(vaultPath);
  const pattern = new RegExp(`^\\.${escapeRegExp(base)}(\\.journal|\\.audit\\.jsonl)?\\.[0-9a-f]{12}\\.tmp$`);
  const stale = (await readdir(dir)).filter((name) => pattern.test(name));
  await Promise.all(stale.map((name) => rm(path.join(dir, name), { force: true })));
  return stale.length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
