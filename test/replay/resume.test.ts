// An interrupted replay resumes: the child is SIGKILLed at every named point of every step (and at
// random moments); the vault then opens with every stored value intact and no half-made application,
// and the next run finishes the job and says it resumed. A third run changes nothing.
import { copyFile, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { buildChild, pool, runChild } from '../vault/crash-harness.js';
import { NOW, PASS, TEST_KDF, credentialsFor, plan, replay, secretFor, seedFolder, step, tempDir, vault, writeJson } from '../vault/helpers.js';

const steps = [step('HR-Payroll'), step('__proto__', {}, ['__proto__', 'Password']), step('CRM', {}, ['User', 'Password', 'Pin'])];
const env = { FARMSCAN_VAULT_PASSPHRASE: PASS };
const args = { planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json', json: true };
let build: string;
let seed: string;

beforeAll(async () => {
  build = await buildChild();
  seed = await seedFolder(steps);
});

async function copyOfSeed(): Promise<string> {
  const dir = await tempDir('farmscan-resume-');
  for (const name of await readdir(seed)) await copyFile(path.join(seed, name), path.join(dir, name));
  return dir;
}

/** After a kill: every application present is whole (plan definition; no values or all of them, intact). */
async function expectConsistent(dir: string): Promise<number> {
  const v = await openFileVault(path.join(dir, 'v.ssv'), PASS, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
  const report = await v.check();
  const { applications } = await v.readState();
  for (const [id, app] of applications) {
    const wanted = steps.find((s) => s.applicationId === id)!;
    expect(app.definition).toEqual(wanted.definition);
    if (app.fieldsSet.length) {
      expect(app.fieldsSet).toEqual(wanted.definition.fields.map((f) => f.name));
      expect(await v.differingCredentials(id, new Map(wanted.definition.fields.map((f) => [f.name, secretFor(id, f.name)])))).toEqual([]);
    }
  }
  v.close();
  return report.decrypted;
}

async function expectFinished(dir: string, resumedExpected: boolean | null) {
  const second = await replay(args, dir);
  expect(second.code).toBe(0);
  if (resumedExpected !== null) expect(second.stderr.includes('Resuming: an earlier replay of scan')).toBe(resumedExpected);
  expect(await expectConsistent(dir)).toBe(7);
  const third = await replay(args, dir);
  expect(JSON.parse(third.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3, conflicts: 0, failed: 0 });
  expect(third.stderr).not.toContain('Resuming');
}

// Three applications, each created then given credentials: six vault writes, each audited and journalled.
const perChange = ['vault.write.begin', 'vault.write.middle', 'vault.write.end', 'vault.write.renamed', 'audit.append', 'journal.applied'];
const POINTS = [
  ...[1, 2, 3].flatMap((n) => [`vault.create-application#${n}`, `vault.set-credentials#${n}`]),
  ...perChange.flatMap((p) => [1, 2, 3, 4, 5, 6].map((n) => `${p}#${n}`)),
  'journal.start#1',
  'journal.complete#1',
];

describe('replay resumes after SIGKILL', () => {
  test(`killed at each of ${POINTS.length} points: consistent vault, the next run finishes the job`, async () => {
    const killed = await pool(
      POINTS.map((point) => async () => {
        const dir = await copyOfSeed();
        const run = await runChild(build, 'replay', args, { cwd: dir, env: { ...env, FARMSCAN_TEST_CRASH_AT: point } });
        await expectConsistent(dir);
        // The journal has a started run exactly when the kill came after its first entry was written.
        const journal = await readFile(path.join(dir, 'v.ssv.journal'), 'utf8').catch(() => '');
        const started = journal.includes('"event":"start"') && !journal.includes('"event":"complete"');
        await expectFinished(dir, started);
        return run.signal === 'SIGKILL' ? point : `not reached: ${point}`;
      }),
    );
    expect(killed).toEqual(POINTS);
  });

  test('killed at random moments of a longer replay: consistent, and the next run finishes', async () => {
    const many = Array.from({ length: 12 }, (_, i) => step(`App-${i}`));
    const dir0 = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir0);
    await writeJson(dir0, 'plan.json', plan(many));
    await writeJson(dir0, 'creds.json', credentialsFor(many));
    const copy = async () => {
      const dir = await tempDir('farmscan-resume-');
      for (const name of await readdir(dir0)) await copyFile(path.join(dir0, name), path.join(dir, name));
      return dir;
    };
    const started = Date.now();
    const clean = await runChild(build, 'replay', args, { cwd: await copy(), env });
    const duration = Date.now() - started;
    expect(clean.code).toBe(0);
    const results = await pool(
      Array.from({ length: 12 }, (_, i) => async () => {
        const dir = await copy();
        const run = await runChild(build, 'replay', args, { cwd: dir, env, killAfterMs: Math.round(((i + 0.5) / 12) * duration) });
        const v = await openFileVault(path.join(dir, 'v.ssv'), PASS, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
        const { applications } = await v.readState();
        for (const [id, app] of applications) {
          expect(app.fieldsSet.length === 0 || app.fieldsSet.length === 2).toBe(true);
          if (app.fieldsSet.length) expect(await v.differingCredentials(id, new Map(app.fieldsSet.map((f) => [f, secretFor(id, f)])))).toEqual([]);
        }
        v.close();
        const next = await replay(args, dir);
        expect(next.code).toBe(0);
        const last = JSON.parse((await replay(args, dir)).stdout);
        expect(last).toMatchObject({ created: 0, updated: 0, unchanged: 12 });
        return run.signal ?? 'exit';
      }),
    );
    expect(results).toContain('SIGKILL');
  });
});
