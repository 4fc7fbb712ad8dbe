// A flipped byte anywhere, a truncated tag or values moved between fields: one clear VaultError, exit 1.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seal, unseal } from '../../src/vault/cipher.js';
import { unlockVaultFile, writeVaultFile } from '../../src/vault/store.js';
import { PASS, TEST_KDF, credentialsFor, plan, replay, step, tempDir, vault, writeJson } from './helpers.js';

async function vaultWithValues(): Promise<string> {
  const dir = await tempDir();
  await vault('init', { vault: 'v.ssv' }, dir);
  const steps = [step('AppA'), step('AppB')];
  await writeJson(dir, 'plan.json', plan(steps));
  await writeJson(dir, 'creds.json', credentialsFor(steps));
  expect((await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir)).code).toBe(0);
  return dir;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function editVault(dir: string, edit: (v: Json) => void): Promise<void> {
  const file = path.join(dir, 'v.ssv');
  const v = JSON.parse(await readFile(file, 'utf8')) as Json;
  edit(v);
  await writeFile(file, JSON.stringify(v));
}

/** Flips the lowest bit of the byte at `index` of a base64 value. */
function flip(b64: string, index = 0): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[index] ^= 1;
  return bytes.toString('base64');
}

const cases: [string, (v: Json) => void, RegExp][] = [
  ['a byte of the vault id in the header', (v) => (v.vaultId = v.vaultId.replace(/^./, (c: string) => (c === 'a' ? 'b' : 'a'))), /wrong pass phrase, or the vault header was altered/],
  ['the purge age in the header', (v) => (v.auditPurgeDays = 0), /altered \(its integrity check failed\)/],
  ['a byte of the salt', (v) => (v.kdf.salt = flip(v.kdf.salt)), /wrong pass phrase, or the vault header was altered/],
  ['a byte of the wrapped key', (v) => (v.wrappedKey.ciphertext = flip(v.wrappedKey.ciphertext, 5)), /wrong pass phrase, or the vault header was altered/],
  ['a byte of the wrapped key tag', (v) => (v.wrappedKey.tag = flip(v.wrappedKey.tag, 15)), /wrong pass phrase, or the vault header was altered/],
  ['a byte of a value', (v) => (v.applications[0].credentials[1].ciphertext = flip(v.applications[0].credentials[1].ciphertext)), /integrity check failed/],
  ['a byte of a value tag', (v) => (v.applications[1].credentials[0].tag = flip(v.applications[1].credentials[0].tag, 7)), /integrity check failed/],
  ['a value nonce', (v) => (v.applications[0].credentials[0].iv = flip(v.applications[0].credentials[0].iv, 11)), /integrity check failed/],
  ['a definition (friendly name)', (v) => (v.applications[0].definition.friendlyName = 'Evil'), /integrity check failed/],
  ['the MAC', (v) => (v.mac = flip(v.mac)), /integrity check failed/],
  ['values swapped between applications', (v) => {
    const a = v.applications[0].credentials[1];
    v.applications[0].credentials[1] = { ...v.applications[1].credentials[1], field: a.field };
    v.applications[1].credentials[1] = { ...a, field: v.applications[1].credentials[1].field };
  }, /integrity check failed/],
  ['a wrapped-key tag cut to 4 bytes', (v) => (v.wrappedKey.tag = Buffer.from(v.wrappedKey.tag, 'base64').subarray(0, 4).toString('base64')), /wrong pass phrase, or the vault header was altered/],
  ['the KDF lowered below the floor', (v) => (v.kdf.N = 512), /below the minimum N=1024/],
];

describe('tampering', () => {
  test.each(cases)('%s is refused on open with one line and exit 1', async (_name, edit, message) => {
    const dir = await vaultWithValues();
    await editVault(dir, edit);
    const run = await vault('check', { vault: 'v.ssv' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  test('a file that is not a vault says so', async () => {
    const dir = await vaultWithValues();
    await writeFile(path.join(dir, 'v.ssv'), '{"format":"farmscan-vault","version":1');
    const run = await vault('list', { vault: 'v.ssv' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not a farmscan vault/);
  });

  // Below the MAC: even with a valid MAC (written with the master key), the AAD binds each value to its
  // application and field, so `check` still refuses values moved to another field or with a short tag.
  test.each([
    ['swapped between two fields of one application', (v: Json) => {
      const [u, p] = v.applications[0].credentials;
      v.applications[0].credentials = [{ ...p, field: u.field }, { ...u, field: p.field }];
    }],
    ['a value tag truncated to 4 bytes', (v: Json) => {
      const c = v.applications[1].credentials[1];
      c.tag = Buffer.from(c.tag, 'base64').subarray(0, 4).toString('base64');
    }],
  ])('values %s fail check even under a valid MAC', async (_name, edit) => {
    const dir = await vaultWithValues();
    const file = path.join(dir, 'v.ssv');
    const { data, masterKey } = await unlockVaultFile(file, PASS, TEST_KDF);
    edit(data as unknown as Json);
    await writeVaultFile(file, data, masterKey);
    const run = await vault('check', { vault: 'v.ssv' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/the value of field "Windows (User Name|Password)" of application "App[AB]" failed its integrity check/);
  });

  test('the cipher refuses a short tag and other additional data', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = seal(key, Buffer.from('value'), Buffer.from('app/field'));
    expect(unseal(key, sealed, Buffer.from('app/field')).toString()).toBe('value');
    expect(() => unseal(key, sealed, Buffer.from('app/other'))).toThrow('authentication failed');
    const short = { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') };
    expect(() => unseal(key, short, Buffer.from('app/field'))).toThrow('bad nonce or tag length');
  });
});
