// A kill between the vault's rename and the audit append no longer loses the entry: the new vault file
// carries it (its head) and the next run appends it, once. Real child processes, SIGKILLed at the named
// points of the write path; afterwards every change is in the log exactly once and the chain verifies.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildChild, runChild } from './crash-harness.js';
import { NEW_PASS, PASS, replay, seedFolder, step, vault } from './helpers.js';

let build: string;
beforeAll(async () => {
  build = await buildChild();
});

const env = { FARMSCAN_VAULT_PASSPHRASE: PASS };
const replayOptions = { planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' };

async function actions(dir: string): Promise<string[]> {
  const text = await readFile(path.join(dir, 'v.ssv.audit.jsonl'), 'utf8');
  return text.trimEnd().split('\n').map((l) => `${JSON.parse(l).action} ${JSON.parse(l).outcome}`);
}

// Replay of one step: create-application, then set-credentials. `#2` is the second change's pass.
const POINTS = ['vault.write.renamed', 'audit.append', 'vault.write.renamed#2', 'audit.append#2', 'audit.appended#2'];

describe('the audit entry survives a kill after the vault was replaced', () => {
  test.each(POINTS)('replay killed at %s: the next run appends the entry once; the chain verifies', async (point) => {
    const dir = await seedFolder([step('HR-Payroll')]);
    const killed = await runChild(build, 'replay', replayOptions, { cwd: dir, env: { ...env, FARMSCAN_TEST_CRASH_AT: point } });
    expect(killed.signal).toBe('SIGKILL');
    const again = await replay(replayOptions, dir);
    expect(again.code).toBe(0);
    expect(await actions(dir)).toEqual(['init success', 'create-application success', 'set-credentials success']);
    const verified = await vault('audit', { vault: 'v.ssv', verify: true }, dir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('entries #1–#3; 3 by their MAC');
  });

  test('rotate-key killed between rename and append: its entry, under the new key, is appended by the next open', async () => {
    const dir = await seedFolder([step('HR-Payroll')]);
    expect((await replay(replayOptions, dir)).code).toBe(0);
    const rotateEnv = { ...env, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS, FARMSCAN_TEST_CRASH_AT: 'audit.append' };
    expect((await runChild(build, 'rotate-key', { vault: 'v.ssv' }, { cwd: dir, env: rotateEnv })).signal).toBe('SIGKILL');
    const verified = await vault('audit', { vault: 'v.ssv', verify: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS });
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('entries #1–#4; 1 by their MAC under the current key, 3 of earlier key versions by their links.');
    expect((await actions(dir)).at(-1)).toBe('rotate-key success');
  });

  test('purge killed between moving the anchor and rewriting the log: verify still passes; the next purge tidies', async () => {
    const dir = await seedFolder([step('HR-Payroll')]);
    expect((await replay(replayOptions, dir)).code).toBe(0);
    const killed = await runChild(build, 'audit', { vault: 'v.ssv', purge: true, purgeDays: 0 }, { cwd: dir, env: { ...env, FARMSCAN_TEST_CRASH_AT: 'audit.purge.rewrite' } });
    expect(killed.signal).toBe('SIGKILL');
    const verified = await vault('audit', { vault: 'v.ssv', verify: true }, dir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('entries #4–#4');
    expect(verified.stdout).toContain('3 line(s) before the chain\'s anchor');
    // Nothing is younger than 10 days but the purge entry: the leftovers go, the chain still verifies.
    const tidy = await vault('audit', { vault: 'v.ssv', purge: true, purgeDays: 10, json: true }, dir);
    expect(JSON.parse(tidy.stdout)).toMatchObject({ removed: 3, kept: 1 });
    expect(await actions(dir)).toEqual(['purge-audit success', 'purge-audit success']);
    expect((await vault('audit', { vault: 'v.ssv', verify: true }, dir)).code).toBe(0);
  });
});
