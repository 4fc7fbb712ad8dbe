// One writer at a time, for real: child processes race on one vault. The first holds the lock (paused
// just after taking it); the second waits and then works from the first's result, or, told not to wait,
// stops with one line naming the holder. A lock left by a killed run is broken by the next one.
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openFileVault } from '../../src/vault/file-vault.js';
import { FOREIGN_STALE_MS, bootTime, staleReason, type LockHolder } from '../../src/vault/lock.js';
import { buildChild, runChild, type ChildRun } from './crash-harness.js';
import { NEW_PASS, NOW, PASS, TEST_KDF, credentialsFor, plan, secretFor, step, tempDir, vault, writeJson } from './helpers.js';

let build: string;
beforeAll(async () => {
  build = await buildChild();
});

const env = { FARMSCAN_VAULT_PASSPHRASE: PASS };
const HOLD_MS = 1500;
const holdEnv = { ...env, FARMSCAN_TEST_PAUSE_AT: `lock.acquired:${HOLD_MS}` };

/** A vault and two plans that add different applications, each with its own credentials file. */
async function twoPlans(): Promise<string> {
  const dir = await tempDir('farmscan-lock-');
  await vault('init', { vault: 'v.ssv' }, dir);
  for (const [name, id] of [['a', 'App-A'], ['b', 'App-B']]) {
    await writeJson(dir, `${name}.json`, plan([step(id)]));
    await writeJson(dir, `${name}-creds.json`, credentialsFor([step(id)]));
  }
  return dir;
}

const replayOf = (name: string, extra: object = {}) => ({ planPath: `${name}.json`, target: 'file:v.ssv', credentialsPath: `${name}-creds.json`, ...extra });

/** Starts `first`, waits until it holds the lock, then starts `second`. */
async function race(dir: string, first: () => Promise<ChildRun>, second: () => Promise<ChildRun>): Promise<[ChildRun, ChildRun]> {
  const one = first();
  const deadline = Date.now() + 10_000;
  while (!(await stat(path.join(dir, 'v.ssv.lock')).then(() => true, () => false))) {
    if (Date.now() > deadline) throw new Error('the first run never took the lock');
    await new Promise((r) => setTimeout(r, 10));
  }
  const two = second();
  return Promise.all([one, two]);
}

async function storedValues(dir: string, passphrase = PASS): Promise<Record<string, string[]>> {
  const v = await openFileVault(path.join(dir, 'v.ssv'), passphrase, { now: () => NOW, kdfPolicy: TEST_KDF, readOnly: true });
  try {
    const out: Record<string, string[]> = {};
    for (const [id, app] of (await v.readState()).applications) {
      const wanted = new Map(app.definition.fields.map((f) => [f.name, secretFor(id, f.name)]));
      out[id] = await v.differingCredentials(id, wanted);
    }
    return out;
  } finally {
    v.close();
  }
}

describe('vault lock, with real concurrent processes', () => {
  test('two replays at once: the second waits for the first, and neither loses the other’s application', async () => {
    const dir = await twoPlans();
    const [a, b] = await race(
      dir,
      () => runChild(build, 'replay', replayOf('a'), { cwd: dir, env: holdEnv }),
      () => runChild(build, 'replay', replayOf('b', { lockWaitSeconds: 20 }), { cwd: dir, env }),
    );
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stderr).toMatch(/v\.ssv is in use by farmscan "replay" \(pid \d+ on host "[^"]+", since \d{4}-\d\d-\d\dT[\d:.]+Z\); waiting up to 20 s/);
    // Every value of both runs is there: the second read the vault after the first had written it.
    expect(await storedValues(dir)).toEqual({ 'App-A': [], 'App-B': [] });
    expect(await stat(path.join(dir, 'v.ssv.lock')).catch(() => null)).toBeNull();
    expect((await vault('audit', { vault: 'v.ssv', verify: true }, dir)).code).toBe(0);
  });

  test('told not to wait, the second stops with one line naming the holder, and writes nothing', async () => {
    const dir = await twoPlans();
    const [a, b] = await race(
      dir,
      () => runChild(build, 'replay', replayOf('a'), { cwd: dir, env: holdEnv }),
      () => runChild(build, 'replay', replayOf('b', { lockWaitSeconds: 0 }), { cwd: dir, env }),
    );
    expect([a.code, b.code]).toEqual([0, 1]);
    const lines = b.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/v\.ssv is in use by farmscan "replay" \(pid \d+ on host "[^"]+", since [^)]+\) \(waited 0 s\)\. Run again when it has finished, or wait longer with --lock-wait <seconds>\./);
    expect(lines[0]).toContain(`on host ${JSON.stringify(os.hostname())}`);
    expect(b.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await storedValues(dir)).toEqual({ 'App-A': [] });
  });

  test('rotate-key during a replay: it waits, then re-encrypts the replay’s values too', async () => {
    const dir = await twoPlans();
    const [a, r] = await race(
      dir,
      () => runChild(build, 'replay', replayOf('a'), { cwd: dir, env: holdEnv }),
      () => runChild(build, 'rotate-key', { vault: 'v.ssv', lockWaitSeconds: 20 }, { cwd: dir, env: { ...env, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS } }),
    );
    expect([a.code, r.code]).toEqual([0, 0]);
    expect(await storedValues(dir, NEW_PASS)).toEqual({ 'App-A': [] });
    expect((await vault('audit', { vault: 'v.ssv', verify: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: NEW_PASS })).code).toBe(0);
  });

  test('a lock left by a killed run is stale: the next run removes it, says so, and completes', async () => {
    const dir = await twoPlans();
    const killed = await runChild(build, 'replay', replayOf('a'), { cwd: dir, env: { ...env, FARMSCAN_TEST_CRASH_AT: 'lock.acquired' } });
    expect(killed.signal).toBe('SIGKILL');
    const left = JSON.parse(await readFile(path.join(dir, 'v.ssv.lock'), 'utf8')) as LockHolder;
    expect(left).toMatchObject({ host: os.hostname(), command: 'replay' });
    const next = await runChild(build, 'replay', replayOf('b', { lockWaitSeconds: 0 }), { cwd: dir, env });
    expect(next.code).toBe(0);
    expect(next.stderr).toContain(`removed a stale lock on ${path.join(dir, 'v.ssv')}: farmscan "replay" (pid ${left.pid} on host`);
    expect(next.stderr).toContain('that process is gone');
    expect(await storedValues(dir)).toEqual({ 'App-B': [] });
  });

  test('a lock from another host counts as abandoned only after 5 minutes without a refresh', async () => {
    const dir = await twoPlans();
    const holder: LockHolder = { pid: 4242, host: 'other-host.contoso.local', boot: bootTime(), since: '2026-11-23T09:00:00.000Z', command: 'replay', token: 'x' };
    const lockFile = path.join(dir, 'v.ssv.lock');
    await writeFile(lockFile, JSON.stringify(holder));
    const busy = await vault('list', { vault: 'v.ssv', lockWaitSeconds: 0 }, dir);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain('in use by farmscan "replay" (pid 4242 on host "other-host.contoso.local", since 2026-11-23T09:00:00.000Z)');
    expect(busy.stderr).toContain('It is on another host: it counts as abandoned 5 minutes after its last refresh');
    const old = new Date(Date.now() - FOREIGN_STALE_MS - 60_000);
    await utimes(lockFile, old, old);
    const taken = await vault('list', { vault: 'v.ssv', lockWaitSeconds: 0 }, dir);
    expect(taken.code).toBe(0);
    expect(taken.stderr).toMatch(/removed a stale lock .*not refreshed for 6 minutes/);
  });

  test('stale rules: a live local holder refreshing its lock is never stale; a dead or silent one is', () => {
    const now = Date.now();
    const here = { pid: process.pid, host: os.hostname(), boot: bootTime(), since: new Date(now).toISOString(), command: 'replay', token: 't' };
    expect(staleReason(here, now - 60_000, now)).toBeNull();
    // A pid reused by an unrelated process: alive, but the lock has not been refreshed for 5 minutes.
    expect(staleReason(here, now - FOREIGN_STALE_MS - 1, now)).toMatch(/not refreshed/);
    expect(staleReason({ ...here, pid: 2 ** 22 + 12345 }, now, now)).toMatch(/that process is gone/);
    expect(staleReason({ ...here, boot: new Date(now - 86_400_000 * 400).toISOString() }, now, now)).toMatch(/restarted since/);
    expect(staleReason({ ...here, host: 'elsewhere' }, now - 60_000, now)).toBeNull();
  });
});
