// Crash safety of rotate-key, for real: a child process is SIGKILLed at every named point of the write
// path and at random moments; afterwards the vault opens with the old or the new pass phrase (never
// neither) and every value is intact, and the rotation can simply be run again.
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { buildChild, pool, runChild } from './crash-harness.js';
import { NEW_PASS, NOW, PASS, TEST_KDF, replay, secretFor, seedFolder, step, tempDir, vault } from './helpers.js';

const steps = [step('HR-Payroll'), step('__proto__'), step('CRM', {}, ['User', 'Password', 'Pin'])];
let build: string;
let seed: string;

beforeAll(async () => {
  build = await buildChild();
  seed = await seedFolder(steps);
  expect((await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, seed)).code).toBe(0);
});

async function copyOfSeed(): Promise<string> {
  const dir = await tempDir('farmscan-crash-');
  for (const name of await readdir(seed)) await copyFile(path.join(seed, name), path.join(dir, name));
  return dir;
}

/** Which pass phrase opens the vault; fails the test when neither does or a value is not intact. */
async function survivor(dir: string): Promise<'old' | 'new'> {
  for (const [which, passphrase] of [['old', PASS], ['new', NEW_PASS]] as const) {
    let v;
    try {
      v = await openFileVault(path.join(dir, 'v.ssv'), passphrase, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
    } catch {
      continue;
    }
    expect(await v.check()).toEqual({ applications: 3, credentials: 7, decrypted: 7 });
    for (const s of steps) {
      const values = new Map(s.definition.fields.map((f) => [f.name, secretFor(s.applicationId, f.name)]));
      expect(await v.differingCredentials(s.applicationId, values)).toEqual([]);
    }
    v.close();
    return which;
  }
  throw new Error(`neither pass phrase opens the vault in ${dir}`);
}

const rotateEnv = { FARMSCAN_VAULT_PASSPHRASE: PASS, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS };

// Named points in the order the rotation passes them; the file is replaced between `end` and `renamed`.
const POINTS: [string, 'old' | 'new'][] = [
  ['vault.rotate-key', 'old'],
  ['vault.write.begin', 'old'],
  ['vault.write.middle', 'old'],
  ['vault.write.end', 'old'],
  ['vault.write.renamed', 'new'],
  ['audit.append', 'new'],
];

describe('rotate-key survives SIGKILL', () => {
  test.each(POINTS)('killed at %s: the %s pass phrase opens it with every value; a rerun completes', async (point, expected) => {
    const dir = await copyOfSeed();
    const run = await runChild(build, 'rotate-key', { vault: 'v.ssv' }, { cwd: dir, env: { ...rotateEnv, FARMSCAN_TEST_CRASH_AT: point } });
    expect(run.signal).toBe('SIGKILL');
    expect(await survivor(dir)).toBe(expected);
    if (expected === 'old') {
      expect((await vault('rotate-key', { vault: 'v.ssv' }, dir, rotateEnv)).code).toBe(0);
      expect(await survivor(dir)).toBe('new');
    }
    // A leftover temp file never confuses the next open; refresh-key removes it.
    expect((await vault('refresh-key', { vault: 'v.ssv' }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS })).code).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('killed at random moments: always the old or the new vault, never a mix', async () => {
    const dir = await copyOfSeed();
    const full = Date.now();
    const clean = await runChild(build, 'rotate-key', { vault: 'v.ssv' }, { cwd: dir, env: rotateEnv });
    const duration = Date.now() - full;
    expect(clean.code).toBe(0);
    expect(await survivor(dir)).toBe('new');
    const outcomes = await pool(
      Array.from({ length: 16 }, (_, i) => async () => {
        const trial = await copyOfSeed();
        const run = await runChild(build, 'rotate-key', { vault: 'v.ssv' }, { cwd: trial, env: rotateEnv, killAfterMs: Math.round(((i + 0.5) / 16) * duration) });
        return `${run.signal ?? 'exit'}:${await survivor(trial)}`;
      }),
    );
    // Each outcome is old or new (survivor() fails otherwise); record what the kills hit.
    expect(outcomes.every((o) => /^(SIGKILL|exit):(old|new)$/.test(o))).toBe(true);
    expect(outcomes.some((o) => o.startsWith('SIGKILL'))).toBe(true);
  });
});
