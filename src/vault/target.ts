// `--target <scheme>:<rest>`: picks the adapter. Only `file:` exists; others plug in here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIO } from '../cli/io.js';
import { UsageError } from '../errors.js';
import { openFileVault } from './file-vault.js';
import type { KdfPolicy } from './kdf.js';
import { PASSPHRASE_VARIABLE, readPassphrase } from './passphrase.js';
import type { TargetVault } from './types.js';

export const SUPPORTED_TARGETS = ['file:<path>'];

export interface OpenTargetOptions {
  /** Dry run: no change, no audit entry, no journal. */
  readOnly?: boolean;
  /** Tests only; the CLI never passes it. */
  kdfPolicy?: KdfPolicy;
  /** Names the run in the vault's lock file. */
  command?: string;
  lockWaitMs?: number;
  notice?: (line: string) => void;
}

/** The vault file a `file:` spec names, resolved against io.cwd. */
export function fileTargetPath(spec: string, io: Pick<CliIO, 'cwd'>): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]+):(.*)$/s.exec(spec);
  if (!match || match[1].toLowerCase() !== 'file' || match[2] === '') {
    throw new UsageError(`unsupported target ${JSON.stringify(spec)}: supported targets are ${SUPPORTED_TARGETS.join(', ')}`);
  }
  const rest = match[2];
  const file = rest.startsWith('//') ? fileURLToPath(`file:${rest}`) : rest;
  return path.resolve(io.cwd ?? process.cwd(), file);
}

export async function openTarget(spec: string, io: CliIO, options: OpenTargetOptions = {}): Promise<TargetVault & { close(): void }> {
  const vaultPath = fileTargetPath(spec, io);
  const passphrase = await readPassphrase(io, { variable: PASSPHRASE_VARIABLE, label: 'Vault pass phrase' });
  const { readOnly, kdfPolicy, command, lockWaitMs, notice } = options;
  return openFileVault(vaultPath, passphrase, { now: io.now, kdfPolicy, readOnly, command, lockWaitMs, notice });
}
