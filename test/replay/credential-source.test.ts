// Credentials that never sit in a file: `--credentials -` reads them from standard input (a real child
// process, fed through a pipe), FARMSCAN_CREDENTIALS holds the JSON. The values reach the vault and
// nothing else: not stdout, stderr, the audit log, the journal, an error message.
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { buildChild, runChild, type ChildRun } from '../vault/crash-harness.js';
import { NOW, PASS, TEST_KDF, captureIO, credentialsFor, secretFor, seedFolder, step } from '../vault/helpers.js';
import { runReplayCommand } from '../../src/replay/command.js';
import { main } from '../../src/cli/main.js';
import type { InputStream } from '../../src/cli/io.js';

const steps = [step('HR-Payroll'), step('__proto__', {}, ['Key', 'Pin'])];
const secrets = steps.flatMap((s) => s.definition.fields.map((f) => secretFor(s.applicationId, f.name)));
const json = JSON.stringify(credentialsFor(steps));
const env = { FARMSCAN_VAULT_PASSPHRASE: PASS };
const viaStdin = { planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: '-' };
const viaEnv = { planPath: 'plan.json', target: 'file:v.ssv' };

let build: string;
beforeAll(async () => {
  build = await buildChild();
});

/** A seeded folder without creds.json: the values exist only in the test's memory. */
async function folder(): Promise<string> {
  const dir = await seedFolder(steps);
  await rm(path.join(dir, 'creds.json'));
  return dir;
}

async function storedCorrectly(dir: string): Promise<boolean> {
  const v = await openFileVault(path.join(dir, 'v.ssv'), PASS, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
  try {
    for (const s of steps) {
      const values = new Map(s.definition.fields.map((f) => [f.name, secretFor(s.applicationId, f.name)]));
      if ((await v.differingCredentials(s.applicationId, values)).length) return false;
    }
    return true;
  } finally {
    v.close();
  }
}

/** Every file the run left and everything it printed, searched for each value. */
async function leaks(dir: string, run: ChildRun): Promise<string[]> {
  const texts = [{ where: 'output', text: run.stdout + run.stderr }];
  for (const name of await readdir(dir)) {
    if (name === 'v.ssv') continue; // encrypted; tested by no-secrets.test.ts in every encoding
    texts.push({ where: name, text: await readFile(path.join(dir, name), 'latin1') });
  }
  return texts.flatMap(({ where, text }) => secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s}`));
}

describe('credentials from standard input or the environment', () => {
  test('--credentials - reads the JSON from a pipe: values stored, none anywhere else', async () => {
    const dir = await folder();
    const run = await runChild(build, 'replay', viaStdin, { cwd: dir, env, input: json });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 created');
    expect(await storedCorrectly(dir)).toBe(true);
    expect(await leaks(dir, run)).toEqual([]);
  });

  test('FARMSCAN_CREDENTIALS holds the JSON: values stored, none anywhere else', async () => {
    const dir = await folder();
    const run = await runChild(build, 'replay', viaEnv, { cwd: dir, env: { ...env, FARMSCAN_CREDENTIALS: json } });
    expect(run.code).toBe(0);
    expect(await storedCorrectly(dir)).toBe(true);
    expect(await leaks(dir, run)).toEqual([]);
  });

  test('broken JSON on stdin: one line naming stdin and the position, never the text', async () => {
    const dir = await folder();
    const broken = json.replace('"Key":', '"Key"');
    const run = await runChild(build, 'replay', viaStdin, { cwd: dir, env, input: broken });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^farmscan: stdin:1:\d+: not valid JSON/);
    expect(await leaks(dir, run)).toEqual([]);
  });

  test('a bad value in FARMSCAN_CREDENTIALS: the message names the variable, application and field, not the values', async () => {
    const dir = await folder();
    const bad = JSON.stringify({ ...credentialsFor([steps[0]]), CRM: { Password: 42 } });
    const run = await runChild(build, 'replay', viaEnv, { cwd: dir, env: { ...env, FARMSCAN_CREDENTIALS: bad } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FARMSCAN_CREDENTIALS');
    expect(run.stderr).toContain('application "CRM", field "Password": the value must be a non-empty string');
    expect(await leaks(dir, run)).toEqual([]);
  });

  test('the variable is removed from the environment once read; the flag wins over it', async () => {
    const dir = await folder();
    const c = captureIO({ cwd: dir, env: { ...env, FARMSCAN_CREDENTIALS: '{"not": "used"}' } });
    c.io.stdin = fakePipe(json);
    expect(await runReplayCommand(viaStdin, c.io, { kdfPolicy: TEST_KDF })).toBe(0);
    expect(c.io.env.FARMSCAN_CREDENTIALS).toBeUndefined();
    expect(await storedCorrectly(dir)).toBe(true);
  });

  test('the command line passes a lone - to --credentials (read from stdin, not taken as an argument)', async () => {
    const dir = await folder();
    const c = captureIO({ cwd: dir, env });
    c.io.stdin = fakePipe('{"A": {"F": "s3cr3t-on-stdin" }');
    const code = await main({ ...c.io, argv: ['replay', 'plan.json', '--target', 'file:v.ssv', '--credentials', '-', '--lock-wait', '0'] });
    expect(code).toBe(1);
    expect(c.stderr()).toMatch(/^farmscan: stdin:1:\d+: not valid JSON/);
    expect(c.stderr()).not.toContain('s3cr3t-on-stdin');
  });

  test('--credentials - on a terminal is refused before anything is read', async () => {
    const dir = await folder();
    const c = captureIO({ cwd: dir, env });
    c.io.stdin = { ...fakePipe(json), isTTY: true };
    expect(await runReplayCommand(viaStdin, c.io, { kdfPolicy: TEST_KDF })).toBe(1);
    expect(c.stderr()).toBe('farmscan: --credentials -: standard input is a terminal; pipe the JSON in (or set FARMSCAN_CREDENTIALS)\n');
  });
});

function fakePipe(text: string): InputStream {
  // Loosely typed inside: one list of listeners serves 'data' and 'end' alike.
  const listeners: Record<string, ((arg?: any) => void)[]> = {};
  return {
    isTTY: false,
    on(event: string, listener: (arg?: any) => void) {
      (listeners[event] ??= []).push(listener);
    },
    once(event: string, listener: (arg?: any) => void) {
      (listeners[event] ??= []).push(listener);
    },
    removeListener() {},
    resume() {
      setImmediate(() => {
        for (const l of listeners.data ?? []) l(Buffer.from(text));
        for (const l of listeners.end ?? []) l();
      });
    },
  };
}
