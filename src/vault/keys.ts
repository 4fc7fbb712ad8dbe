// Key material of one vault: what each AES-GCM seal is bound to (AAD) and the subkeys of the master key.
import { hkdfSync } from 'node:crypto';
import type { VaultData } from './format.js';

/** The wrapped master key is bound to the vault, its key version and the exact KDF parameters. */
export function masterKeyAad(data: VaultData): Buffer {
  const { name, N, r, p, salt } = data.kdf;
  return Buffer.from(JSON.stringify(['farmscan-vault master key', 1, data.vaultId, data.keyVersion, name, N, r, p, salt]), 'utf8');
}

/** A value is bound to its vault, key version, application and field: moving it elsewhere breaks its tag. */
export function valueAad(data: VaultData, applicationId: string, field: string): Buffer {
  return Buffer.from(JSON.stringify(['farmscan-vault value', 1, data.vaultId, data.keyVersion, applicationId, field]), 'utf8');
}

export function valueKeyFor(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'farmscan-vault v1 values', 32));
}
