// replay through runReplayCommand: diff, idempotency, conflicts and --force, credentials, dry run, exit codes.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { NOW, PASS, TEST_KDF, claim, credentialsFor, plan, replay, secretFor, step, tempDir, vault, writeJson } from '../vault/helpers.js';
import { openFileVault } from '../../src/vault/file-vault.js';

async function setup(steps = [step('HR-Payroll'), step('Finance'), step('CRM')]) {
  const dir = await tempDir();
  expect((await vault('init', { vault: 'v.ssv' }, dir)).code).toBe(0);
  await writeJson(dir, 'plan.json', plan(steps));
  await writeJson(dir, 'creds.json', credentialsFor(steps));
  return { dir, steps };
}

const json = (run: { stdout: string }) => {
  const { ids, ...counts } = JSON.parse(run.stdout);
  return { counts, ids };
};

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) files.set(name, await readFile(path.join(dir, name), 'utf8'));
  return files;
}

describe('replay', () => {
  test('applies the plan, then the same plan again changes nothing', async () => {
    const { dir } = await setup();
    const first = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(first.code).toBe(0);
    expect(json(first).counts).toEqual({ created: 3, updated: 0, unchanged: 0, conflicts: 0, skipped: 0, failed: 0 });
    expect(first.stderr).toContain('HR-Payroll: create');
    const vaultBytes = await readFile(path.join(dir, 'v.ssv'));

    const second = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(second.code).toBe(0);
    expect(json(second).counts).toEqual({ created: 0, updated: 0, unchanged: 3, conflicts: 0, skipped: 0, failed: 0 });
    expect(json(second).ids.unchanged).toEqual(['HR-Payroll', 'Finance', 'CRM']);
    expect(await readFile(path.join(dir, 'v.ssv'))).toEqual(vaultBytes);
    expect(JSON.parse((await vault('check', { vault: 'v.ssv', json: true }, dir)).stdout)).toMatchObject({ applications: 3, credentials: 6, decrypted: 6 });
  });

  test('a differing application is a conflict, untouched, until --force names it', async () => {
    const { dir, steps } = await setup();
    await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir);
    const changed = [{ ...steps[0], definition: { ...steps[0].definition, friendlyName: 'Payroll (new)', members: [claim('S-1-5-21-9')] } }, steps[1], steps[2]];
    await writeJson(dir, 'plan2.json', plan(changed));
    const before = await readFile(path.join(dir, 'v.ssv'));

    const conflict = await replay({ planPath: 'plan2.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(conflict.code).toBe(3);
    expect(json(conflict).counts).toEqual({ created: 0, updated: 0, unchanged: 2, conflicts: 1, skipped: 0, failed: 0 });
    expect(conflict.stderr).toContain('HR-Payroll: conflict: exists with a different friendlyName, members; left untouched (--force HR-Payroll replaces it)');
    expect(await readFile(path.join(dir, 'v.ssv'))).toEqual(before);

    const forced = await replay({ planPath: 'plan2.json', target: 'file:v.ssv', credentialsPath: 'creds.json', force: ['HR-Payroll'], json: true }, dir);
    expect(forced.code).toBe(0);
    expect(json(forced).counts).toMatchObject({ updated: 1, unchanged: 2, conflicts: 0 });
    const shown = JSON.parse((await vault('show', { vault: 'v.ssv', appId: 'HR-Payroll', json: true }, dir)).stdout);
    expect(shown.friendlyName).toBe('Payroll (new)');
    expect(shown.fields.every((f: { set: boolean }) => f.set)).toBe(true); // same fields: values kept
    expect(json(await replay({ planPath: 'plan2.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir)).counts).toMatchObject({ unchanged: 3 });
  });

  test('different credential values are a conflict unless forced; field names, never values, are reported', async () => {
    const { dir } = await setup([step('App')]);
    await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir);
    const other = { App: { 'Windows User Name': secretFor('App', 'Windows User Name'), 'Windows Password': 'N3w-Password-Value' } };
    await writeJson(dir, 'creds2.json', other);
    const conflict = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds2.json', json: true }, dir);
    expect(conflict.code).toBe(3);
    expect(conflict.stderr).toContain('App: conflict: the stored values differ for field(s) "Windows Password"');
    expect(conflict.stderr + conflict.stdout).not.toContain('N3w-Password-Value');
    expect(conflict.stderr + conflict.stdout).not.toContain(secretFor('App', 'Windows Password'));

    const forced = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds2.json', force: ['App'], json: true }, dir);
    expect(json(forced).counts).toMatchObject({ updated: 1 });
    const v = await openFileVault(path.join(dir, 'v.ssv'), PASS, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
    expect(await v.differingCredentials('App', new Map(Object.entries(other.App)))).toEqual([]);
    v.close();
  });

  test('an application created without credentials is a manual step left: exit 3', async () => {
    const { dir } = await setup([step('A'), step('B')]);
    await writeJson(dir, 'some.json', { A: credentialsFor([step('A')]).A });
    const run = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'some.json', json: true }, dir);
    expect(run.code).toBe(3);
    expect(json(run).counts).toMatchObject({ created: 2 });
    expect(json(run).ids.manual).toEqual(['B']);
    expect(run.stderr).toContain('B: no credentials in the credentials file; its 2 field(s) still need values (manual step)');
    const noFile = await replay({ planPath: 'plan.json', target: 'file:v.ssv', json: true }, dir);
    expect(noFile.code).toBe(3);
    expect(json(noFile).counts).toMatchObject({ unchanged: 2 });
  });

  test('missing and extra fields and applications are reported by name, never by value', async () => {
    const { dir } = await setup([step('A'), step('B')]);
    await writeJson(dir, 'bad.json', {
      A: { 'Windows User Name': 'user-value-xyz', 'Windows Pasword': 'typo-value-xyz' },
      B: credentialsFor([step('B')]).B,
      Ghost: { X: 'ghost-value-xyz' },
    });
    const run = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'bad.json', json: true }, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('credentials file: A: missing field(s) "Windows Password"; field(s) "Windows Pasword" not in the application; nothing was written');
    expect(run.stderr).not.toMatch(/value-xyz/);
    // Checked before the vault is opened: nothing is applied, not even the good application.
    expect(JSON.parse((await vault('list', { vault: 'v.ssv', json: true }, dir)).stdout).applications).toEqual([]);
    // With the typo fixed, the unknown application is only a warning.
    await writeJson(dir, 'bad.json', { ...credentialsFor([step('A'), step('B')]), Ghost: { X: 'ghost-value-xyz' } });
    const fixed = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'bad.json', json: true }, dir);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('application "Ghost" is not in the plan');
    expect(fixed.stderr).not.toMatch(/value-xyz/);
  });

  test('a step that needs a decision is skipped without one (exit 3) and runs with it', async () => {
    const individual = step('Ind', { sourceType: 'Individual', classification: 'redesign', needsDecision: true });
    const { dir } = await setup([individual, step('G')]);
    const without = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true }, dir);
    expect(without.code).toBe(3);
    expect(json(without).counts).toEqual({ created: 1, updated: 0, unchanged: 0, conflicts: 0, skipped: 1, failed: 0 });
    expect(without.stderr).toMatch(/Ind: left out: needs a decision/);
    await writeJson(dir, 'decisions.json', { schemaVersion: 1, decisions: [{ applicationId: 'Ind', action: 'create', members: [claim('S-1-5-21-77')] }] });
    const withDecision = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', decisionsPath: 'decisions.json', json: true }, dir);
    expect(withDecision.code).toBe(0);
    expect(json(withDecision).counts).toMatchObject({ created: 1, unchanged: 1, skipped: 0 });
  });

  test('--dry-run prints the difference and writes nothing: no vault change, no journal, no audit', async () => {
    const { dir } = await setup();
    const before = await snapshot(dir);
    const run = await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', dryRun: true, json: true }, dir);
    expect(run.code).toBe(0);
    expect(json(run).counts).toMatchObject({ created: 3 });
    expect(run.stderr).toContain('HR-Payroll: would create');
    expect(run.stderr).toContain('HR-Payroll: would set credentials');
    expect(run.stderr).toMatch(/Dry run \(nothing written\)/);
    expect(await snapshot(dir)).toEqual(before);
  });

  test('a failed pass phrase or a bad target leaves exit 1 and one line', async () => {
    const { dir } = await setup();
    const wrong = await replay({ planPath: 'plan.json', target: 'file:v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: 'Nope-Nope-1' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^farmscan: .*wrong pass phrase/);
    const scheme = await replay({ planPath: 'plan.json', target: 'http://x' }, dir);
    expect(scheme.stderr).toContain('supported targets are file:<path>');
    const force = await replay({ planPath: 'plan.json', target: 'file:v.ssv', force: ['Nope'] }, dir);
    expect(force.code).toBe(1);
    expect(force.stderr).toContain('--force "Nope": no such application in the plan');
  });
});
