// rotate-key: a new master key, every value re-encrypted, the old pass phrase stops working.
// refresh-key: the same master key re-wrapped under a fresh salt after every value is verified.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { NEW_PASS, NOW, PASS, TEST_KDF, credentialsFor, plan, replay, secretFor, step, tempDir, vault, writeJson } from './helpers.js';

async function seeded() {
  const dir = await tempDir();
  await vault('init', { vault: 'v.ssv' }, dir);
  const steps = [step('AppA'), step('AppB', {}, ['User', 'Password', 'Pin'])];
  await writeJson(dir, 'plan.json', plan(steps));
  await writeJson(dir, 'creds.json', credentialsFor(steps));
  expect((await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir)).code).toBe(0);
  return { dir, steps };
}

/** Every stored value, decrypted through the adapter's own comparison: no value leaves the vault. */
async function expectValues(dir: string, passphrase: string, steps: ReturnType<typeof step>[]) {
  const v = await openFileVault(path.join(dir, 'v.ssv'), passphrase, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
  for (const s of steps) {
    const values = new Map(s.definition.fields.map((f) => [f.name, secretFor(s.applicationId, f.name)]));
    expect(await v.differingCredentials(s.applicationId, values)).toEqual([]);
    expect(await v.differingCredentials(s.applicationId, new Map([...values].map(([k, x]) => [k, `${x}!`])))).toEqual(s.definition.fields.map((f) => f.name));
  }
  v.close();
}

describe('rotate-key and refresh-key', () => {
  test('rotation keeps every value, changes every ciphertext, and the old pass phrase fails', async () => {
    const { dir, steps } = await seeded();
    const before = JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8'));
    const run = await vault('rotate-key', { vault: 'v.ssv', json: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: PASS, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ decrypted: 5, keyVersion: 2 });
    const after = JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8'));
    expect(after.vaultId).toBe(before.vaultId);
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.wrappedKey.ciphertext).not.toBe(before.wrappedKey.ciphertext);
    const cts = (v: typeof before) => v.applications.flatMap((a: { credentials: { ciphertext: string }[] }) => a.credentials.map((c) => c.ciphertext));
    for (const ct of cts(after)) expect(cts(before)).not.toContain(ct);

    expect((await vault('check', { vault: 'v.ssv' }, dir)).stderr).toMatch(/wrong pass phrase/);
    expect((await vault('check', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS })).code).toBe(0);
    await expectValues(dir, NEW_PASS, steps);
  });

  test('rotation without a new pass phrase and no terminal is a usage error; nothing changes', async () => {
    const { dir } = await seeded();
    const before = await readFile(path.join(dir, 'v.ssv'));
    const run = await vault('rotate-key', { vault: 'v.ssv' }, dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('set FARMSCAN_NEW_VAULT_PASSPHRASE');
    expect(await readFile(path.join(dir, 'v.ssv'))).toEqual(before);
  });

  test('refresh-key verifies every value, re-wraps under a fresh salt and removes leftover temp files', async () => {
    const { dir, steps } = await seeded();
    const before = JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8'));
    await writeFile(path.join(dir, '.v.ssv.0123456789ab.tmp'), 'half a vault');
    await writeFile(path.join(dir, 'unrelated.tmp'), 'keep me');
    const run = await vault('refresh-key', { vault: 'v.ssv', json: true }, dir);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ applications: 2, credentials: 5, decrypted: 5, removedTempFiles: 1 });
    const after = JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8'));
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.keyVersion).toBe(before.keyVersion);
    expect(after.applications).toEqual(before.applications); // same master key: values untouched
    expect(await readdir(dir)).not.toContain('.v.ssv.0123456789ab.tmp');
    expect(await readdir(dir)).toContain('unrelated.tmp');
    await expectValues(dir, PASS, steps);
    expect(await readFile(path.join(dir, 'v.ssv.audit.jsonl'), 'utf8')).toMatch(/"action":"refresh-key".*"outcome":"success"/);
  });

  test('refresh-key with a wrong pass phrase fails and leaves the vault as it was', async () => {
    const { dir } = await seeded();
    const before = await readFile(path.join(dir, 'v.ssv'));
    const run = await vault('refresh-key', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS });
    expect(run.code).toBe(1);
    expect(await readFile(path.join(dir, 'v.ssv'))).toEqual(before);
  });
});
