// Reading, unlocking and writing the vault file. Every write replaces the whole file atomically
// (temp 'wx' 0600, fsync, rename, fsync folder), so a crash leaves the old vault or the new one.
import { randomBytes, randomUUID } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { UsageError, VaultError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { AuditState } from './audit.js';
import { SealBroken, seal, strictBase64, unseal } from './cipher.js';
import { crashPoint } from './crash-point.js';
import { type VaultData, macKeyFor, macMatches, parseVault, serializeVault } from './format.js';
import { type KdfPolicy, type ScryptParams, SALT_LENGTH, checkKdfParams, deriveKey } from './kdf.js';
import { masterKeyAad } from './keys.js';

export interface Unlocked {
  data: VaultData;
  masterKey: Buffer;
}

/** Derives the key-encryption key from the pass phrase and wraps `masterKey` under a fresh salt. */
export async function wrapMasterKey(
  header: Omit<VaultData, 'kdf' | 'wrappedKey'>,
  masterKey: Buffer,
  passphrase: string,
  params: ScryptParams,
): Promise<VaultData> {
  const salt = randomBytes(SALT_LENGTH);
  const kdf = { name: 'scrypt' as const, ...params, salt: salt.toString('base64') };
  const draft: VaultData = { ...header, kdf, wrappedKey: { iv: '', ciphertext: '', tag: '' } };
  const kek = await derive(passphrase, salt, params);
  try {
    return { ...draft, wrappedKey: seal(kek, masterKey, masterKeyAad(draft)) };
  } finally {
    kek.fill(0);
  }
}

/** A new, empty vault file. Refuses to overwrite an existing one. */
export async function createVaultFile(
  path: string,
  passphrase: string,
  options: { policy: KdfPolicy; now: Date; auditPurgeDays: number; audit: (masterKey: Buffer) => AuditState },
): Promise<Unlocked> {
  if (await exists(path)) throw new UsageError(`${path} already exists: farmscan vault init never overwrites a vault`);
  const masterKey = randomBytes(32);
  const header = {
    vaultId: randomUUID(),
    createdAt: options.now.toISOString(),
    keyVersion: 1,
    auditPurgeDays: options.auditPurgeDays,
    applications: [],
    audit: options.audit(masterKey),
  };
  const data = await wrapMasterKey(header, masterKey, passphrase, options.policy.create);
  await writeVaultFile(path, data, masterKey);
  return { data, masterKey };
}

/** Reads, checks the KDF parameters, derives, unwraps the master key and verifies the file's MAC. */
export async function unlockVaultFile(path: string, passphrase: string, policy: KdfPolicy): Promise<Unlocked> {
  const { data, mac } = parseVault(await readVaultText(path), path);
  checkKdfParams(data.kdf, policy, path);
  let salt: Buffer;
  try {
    salt = strictBase64(data.kdf.salt);
  } catch {
    salt = Buffer.alloc(0);
  }
  if (salt.length !== SALT_LENGTH) throw new VaultError(`${path}: the KDF salt is not ${SALT_LENGTH} bytes; the file was altered`);
  const kek = await derive(passphrase, salt, data.kdf);
  let masterKey: Buffer;
  try {
    masterKey = unseal(kek, data.wrappedKey, masterKeyAad(data));
  } catch (error) {
    if (error instanceof SealBroken) throw new VaultError(`${path}: wrong pass phrase, or the vault header was altered`);
    throw error;
  } finally {
    kek.fill(0);
  }
  if (masterKey.length !== 32 || !macMatches(macKeyFor(masterKey), data, mac)) {
    masterKey.fill(0);
    throw new VaultError(`${path}: the vault file was altered (its integrity check failed)`);
  }
  return { data, masterKey };
}

export async function writeVaultFile(path: string, data: VaultData, masterKey: Buffer): Promise<void> {
  const text = serializeVault(data, macKeyFor(masterKey));
  await writeFileAtomic(path, pieces(text), { mode: 0o600 });
  crashPoint('vault.write.renamed');
}

/** The text in two pieces, with crash points between them for the kill tests. */
async function* pieces(text: string): AsyncIterable<string> {
  crashPoint('vault.write.begin');
  const half = Math.floor(text.length / 2);
  yield text.slice(0, half);
  crashPoint('vault.write.middle');
  yield text.slice(half);
  crashPoint('vault.write.end');
}

async function derive(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const bytes = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    return await deriveKey(bytes, salt, params);
  } finally {
    bytes.fill(0);
  }
}

async function readVaultText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no vault at ${path}: create one with farmscan vault init`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a folder, not a vault file`);
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
