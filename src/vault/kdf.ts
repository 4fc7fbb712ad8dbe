// Key derivation: scrypt over the NFC pass phrase. The parameters live in the vault header so they can
// be raised later; every open checks them against a floor (no downgrade) and a ceiling (no memory bomb).
import { scrypt } from 'node:crypto';
import { VaultError } from '../errors.js';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface KdfPolicy {
  /** Parameters for a new vault or a new key. */
  create: ScryptParams;
  /** A header below any of these is refused on open. */
  floor: ScryptParams;
}

/** scrypt needs about 128·N·r bytes; Node's default limit (32 MiB) is below OWASP's N=2^17, r=8. */
export const SCRYPT_MAXMEM = 256 * 1024 * 1024;
const MAX_P = 4;
export const KEY_LENGTH = 32;
export const SALT_LENGTH = 16;

/** OWASP's minimum for scrypt; the production floor. */
export const DEFAULT_KDF_POLICY: KdfPolicy = Object.freeze({
  create: Object.freeze({ N: 2 ** 17, r: 8, p: 1 }),
  floor: Object.freeze({ N: 2 ** 17, r: 8, p: 1 }),
});

/** Refuses parameters below the policy's floor or beyond what SCRYPT_MAXMEM and a few seconds allow. */
export function checkKdfParams(params: ScryptParams, policy: KdfPolicy, where: string): void {
  const { N, r, p } = params;
  const integers = [N, r, p].every((n) => Number.isSafeInteger(n) && n > 0);
  if (!integers || (N & (N - 1)) !== 0) {
    throw new VaultError(`${where}: invalid scrypt parameters (N must be a power of two; r and p positive integers)`);
  }
  if (N < policy.floor.N || r < policy.floor.r || p < policy.floor.p) {
    throw new VaultError(
      `${where}: scrypt parameters N=${N}, r=${r}, p=${p} are below the minimum N=${policy.floor.N}, r=${policy.floor.r}, p=${policy.floor.p}; refusing to open`,
    );
  }
  if (128 * N * r > SCRYPT_MAXMEM || p > MAX_P) {
    throw new VaultError(`${where}: scrypt parameters N=${N}, r=${r}, p=${p} exceed the maximum this tool derives (128·N·r ≤ 256 MiB, p ≤ ${MAX_P}); refusing to open`);
  }
}

/** Derives the key-encryption key. The caller zeroes `passphrase` when done. */
export function deriveKey(passphrase: Buffer, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT_MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
