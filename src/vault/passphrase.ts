// Pass phrases: from an environment variable (then removed from it, so child processes never inherit
// it) or a no-echo prompt on a terminal; never from a flag. Normalised to NFC (RFC 8265 OpaqueString)
// so the same phrase typed on macOS (NFD) and Windows (NFC) opens the same vault.
import type { CliIO } from '../cli/io.js';
import { UsageError, VaultError } from '../errors.js';
import { promptHidden } from './prompt.js';

export const PASSPHRASE_VARIABLE = 'FARMSCAN_VAULT_PASSPHRASE';
export const NEW_PASSPHRASE_VARIABLE = 'FARMSCAN_NEW_VAULT_PASSPHRASE';

/** Secure Store's special characters (REFERENCE.md §3). */
export const SPECIAL_CHARACTERS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export const POLICY_TEXT =
  `at least 8 characters and at least three of: upper case letters, lower case letters, digits, special characters (${SPECIAL_CHARACTERS})`;

/** Secure Store's pass phrase rule, applied when a new key is made (init, rotate-key). */
export function checkPassphrasePolicy(passphrase: string): void {
  const text = passphrase.normalize('NFC');
  const classes = [/\p{Lu}/u, /\p{Ll}/u, /\p{Nd}/u].filter((re) => re.test(text)).length + ([...text].some((c) => SPECIAL_CHARACTERS.includes(c)) ? 1 : 0);
  if ([...text].length < 8 || classes < 3) {
    throw new VaultError(`pass phrase refused: it needs ${POLICY_TEXT}`);
  }
}

export interface PassphraseRequest {
  variable: typeof PASSPHRASE_VARIABLE | typeof NEW_PASSPHRASE_VARIABLE;
  label: string;
  /** Ask twice on a terminal (new pass phrases), so a typo does not lock the vault. */
  confirm?: boolean;
}

/** The pass phrase as NFC. The variable is deleted from io.env once read. */
export async function readPassphrase(io: CliIO, request: PassphraseRequest): Promise<string> {
  const fromEnv = io.env[request.variable];
  if (fromEnv !== undefined) {
    delete io.env[request.variable];
    if (fromEnv === '') throw new UsageError(`${request.variable} is set but empty`);
    return fromEnv.normalize('NFC');
  }
  if (!io.stdin?.isTTY || !io.stdin.setRawMode) {
    throw new UsageError(`no pass phrase: set ${request.variable} (pass phrases are never taken from the command line)`);
  }
  const first = await promptHidden(io, `${request.label}: `);
  if (request.confirm) {
    const second = await promptHidden(io, `${request.label} (again): `);
    if (first !== second) throw new UsageError('the two pass phrases differ');
  }
  if (first === '') throw new UsageError('empty pass phrase');
  return first.normalize('NFC');
}
