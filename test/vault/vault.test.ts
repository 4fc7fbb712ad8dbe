// init / list / show / check through the command functions, with real files in a temp folder.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { PASS, TEST_KDF, NOW, captureIO, replay, step, plan, tempDir, vault, writeJson, credentialsFor } from './helpers.js';
import { runVaultCommand } from '../../src/vault/commands.js';
import { openTarget } from '../../src/vault/target.js';

describe('vault init, list, show, check', () => {
  test('init makes a 0600 vault and audit log; list, show and check report it without values', async () => {
    const dir = await tempDir();
    const init = await vault('init', { vault: 'v.ssv' }, dir);
    expect(init.code).toBe(0);
    expect(init.stderr).toMatch(/Created vault .*v\.ssv/);
    expect((await stat(path.join(dir, 'v.ssv'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'v.ssv.audit.jsonl'))).mode & 0o777).toBe(0o600);

    const steps = [step('HR-Payroll'), step('Finance')];
    const planFile = await writeJson(dir, 'plan.json', plan(steps));
    const creds = credentialsFor([steps[0]]);
    await writeJson(dir, 'creds.json', creds);
    expect((await replay({ planPath: planFile, target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir)).code).toBe(3);

    const list = await vault('list', { vault: 'v.ssv' }, dir);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('HR-Payroll\tHR-Payroll friendly\tRestrictedGroup\tcredentials 2/2');
    expect(list.stdout).toContain('Finance\tFinance friendly\tRestrictedGroup\tcredentials 0/2');

    const listJson = JSON.parse((await vault('list', { vault: 'v.ssv', json: true }, dir)).stdout);
    expect(listJson.applications.map((a: { applicationId: string }) => a.applicationId)).toEqual(['HR-Payroll', 'Finance']);
    expect(listJson.kdf).toEqual({ N: 1024, r: 8, p: 1 });

    const show = await vault('show', { vault: 'v.ssv', appId: 'HR-Payroll' }, dir);
    expect(show.stdout).toContain('field Windows Password (WindowsPassword, masked): value set');
    const check = await vault('check', { vault: 'v.ssv', json: true }, dir);
    expect(check.code).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ applications: 2, credentials: 2, decrypted: 2 });
    for (const run of [list, show, check]) {
      for (const value of Object.values(creds['HR-Payroll'])) expect(run.stdout + run.stderr).not.toContain(value);
    }
  });

  test('init refuses to overwrite an existing vault', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const before = await readFile(path.join(dir, 'v.ssv'));
    const again = await vault('init', { vault: 'v.ssv' }, dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(await readFile(path.join(dir, 'v.ssv'))).toEqual(before);
  });

  test('a wrong pass phrase is one line, exit 1, and an audited failure', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const wrong = await vault('check', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: 'Wrong-Pass-99' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^farmscan: .*v\.ssv: wrong pass phrase, or the vault header was altered\n$/);
    expect(wrong.stderr).not.toContain('Wrong-Pass-99');
    const log = await readFile(path.join(dir, 'v.ssv.audit.jsonl'), 'utf8');
    expect(log).toContain('"action":"open"');
    expect(log).toContain('"outcome":"failure"');
  });

  test('no pass phrase and no terminal: a usage error naming the variable', async () => {
    const dir = await tempDir();
    const run = await vault('init', { vault: 'v.ssv' }, dir, {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('set FARMSCAN_VAULT_PASSPHRASE');
  });

  test('the pass phrase variable is removed from the environment once read', async () => {
    const dir = await tempDir();
    const c = captureIO({ cwd: dir, env: { FARMSCAN_VAULT_PASSPHRASE: PASS } });
    expect(await runVaultCommand('init', { vault: 'v.ssv' }, c.io, { kdfPolicy: TEST_KDF })).toBe(0);
    expect(c.io.env).not.toHaveProperty('FARMSCAN_VAULT_PASSPHRASE');
  });

  test('a prompt on a terminal reads the pass phrase without echoing it', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const listeners: ((chunk: string) => void)[] = [];
    const c = captureIO({ cwd: dir });
    c.io.stdin = {
      isTTY: true,
      setRawMode: () => undefined,
      on: (_e, l) => listeners.push(l as (chunk: string) => void),
      removeListener: () => undefined,
      resume: () => setImmediate(() => listeners.forEach((l) => l(`${PASS}\r`))),
    };
    expect(await runVaultCommand('check', { vault: 'v.ssv' }, c.io, { kdfPolicy: TEST_KDF })).toBe(0);
    expect(c.stderr()).toContain('Vault pass phrase: ');
    expect(c.stderr() + c.stdout()).not.toContain(PASS);
  });

  test('an existing vault with a wider mode is tightened to 0600 on open', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    await chmod(path.join(dir, 'v.ssv'), 0o644);
    await chmod(path.join(dir, 'v.ssv.audit.jsonl'), 0o666);
    expect((await vault('list', { vault: 'v.ssv' }, dir)).code).toBe(0);
    expect((await stat(path.join(dir, 'v.ssv'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'v.ssv.audit.jsonl'))).mode & 0o777).toBe(0o600);
  });

  test('only RestrictedGroup applications are accepted', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const v = await openFileVault(path.join(dir, 'v.ssv'), PASS, { now: () => NOW, kdfPolicy: TEST_KDF });
    const group = { ...step('G').definition, type: 'Group' } as unknown as ReturnType<typeof step>['definition'];
    await expect(v.createApplication(group)).rejects.toThrow(/type "Group"; this vault, like the target Secure Store, accepts only RestrictedGroup/);
    expect((await v.readState()).applications.size).toBe(0);
    expect(await readFile(path.join(dir, 'v.ssv.audit.jsonl'), 'utf8')).toMatch(/"action":"create-application","application":"G".*"outcome":"failure"/);
    v.close();
  });

  test('ids and field names such as __proto__ and constructor are ordinary data', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const steps = [step('__proto__', {}, ['__proto__', 'constructor']), step('constructor'), step('toString')];
    const planFile = await writeJson(dir, 'plan.json', plan(steps));
    await writeFile(path.join(dir, 'creds.json'), JSON.stringify(credentialsFor(steps)));
    const first = await replay({ planPath: planFile, target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created: 3, unchanged: 0 });
    const second = await replay({ planPath: planFile, target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3, conflicts: 0 });
    const listed = JSON.parse((await vault('list', { vault: 'v.ssv', json: true }, dir)).stdout).applications;
    expect(listed.map((a: { applicationId: string }) => a.applicationId)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(JSON.parse((await vault('check', { vault: 'v.ssv', json: true }, dir)).stdout)).toMatchObject({ credentials: 6, decrypted: 6 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('openTarget refuses other schemes, listing the supported ones', async () => {
    const c = captureIO({ cwd: '/tmp', env: { FARMSCAN_VAULT_PASSPHRASE: PASS } });
    await expect(openTarget('sharepoint:https://farm', c.io)).rejects.toThrow('unsupported target "sharepoint:https://farm": supported targets are file:<path>');
    await expect(openTarget('vault.ssv', c.io)).rejects.toThrow(/supported targets are file:<path>/);
  });
});
