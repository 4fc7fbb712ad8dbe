// The audit log: who did what, when, success or failure; purged after the purge age with a moved clock.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { credentialsFor, plan, replay, step, tempDir, vault, writeJson, PASS } from './helpers.js';
import { userInfo } from 'node:os';

const day = 24 * 60 * 60 * 1000;
const at = (iso: string) => () => new Date(iso);

describe('audit log', () => {
  test('each change is one JSON line with time, action, application, OS user and outcome', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir);
    const steps = [step('App\nforged 2026-01-01 rotate-key ok')];
    await writeJson(dir, 'plan.json', plan(steps));
    await writeJson(dir, 'creds.json', credentialsFor(steps));
    await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir);
    const lines = (await readFile(path.join(dir, 'v.ssv.audit.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => e.action)).toEqual(['init', 'create-application', 'set-credentials']);
    expect(entries[1]).toEqual({
      seq: 2,
      time: '2026-11-23T10:00:00.000Z',
      action: 'create-application',
      application: steps[0].applicationId,
      user: userInfo().username,
      outcome: 'success',
      keyVersion: 1,
      prev: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      mac: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
    });
    expect(Object.keys(entries[1])).toEqual(['seq', 'time', 'action', 'application', 'user', 'outcome', 'keyVersion', 'prev', 'mac']);
    expect((await stat(path.join(dir, 'v.ssv.audit.jsonl'))).mode & 0o777).toBe(0o600);

    const printed = await vault('audit', { vault: 'v.ssv' }, dir, {});
    expect(printed.code).toBe(0);
    expect(printed.stdout.trim().split('\n')).toHaveLength(3); // the newline in the id is shown escaped
    expect(printed.stdout).toContain('App\\u000aforged');
  });

  test('--purge removes entries older than the header purge age, or --purge-days', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv', purgeDays: 10 }, dir, undefined, at('2026-01-01T00:00:00Z'));
    await vault('check', { vault: 'v.ssv' }, dir, undefined, at('2026-01-05T00:00:00Z'));
    await vault('check', { vault: 'v.ssv' }, dir, undefined, at('2026-01-20T00:00:00Z'));

    // On 2026-01-16 the header's 10 days keep the entries of 2026-01-06 and later.
    const purged = await vault('audit', { vault: 'v.ssv', purge: true, json: true }, dir, undefined, at('2026-01-16T00:00:00Z'));
    expect(purged.code).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ removed: 2, kept: 1, days: 10 });
    let entries = JSON.parse((await vault('audit', { vault: 'v.ssv', json: true }, dir, {})).stdout).entries;
    expect(entries.map((e: { time: string; action: string }) => `${e.time.slice(0, 10)} ${e.action}`)).toEqual(['2026-01-20 check', '2026-01-16 purge-audit']);

    // A flag overrides the header for one run; the clock moved 40 days on.
    const later = new Date(Date.parse('2026-01-20T00:00:00Z') + 40 * day).toISOString();
    await vault('audit', { vault: 'v.ssv', purge: true, purgeDays: 30 }, dir, undefined, at(later));
    entries = JSON.parse((await vault('audit', { vault: 'v.ssv', json: true }, dir, {})).stdout).entries;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['purge-audit']);
    expect((await stat(path.join(dir, 'v.ssv.audit.jsonl'))).mode & 0o777).toBe(0o600);
  });

  test('the default purge age is 30 days', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir, undefined, at('2026-01-01T00:00:00Z'));
    await vault('check', { vault: 'v.ssv' }, dir, undefined, at('2026-01-15T00:00:00Z'));
    const run = await vault('audit', { vault: 'v.ssv', purge: true, json: true }, dir, undefined, at('2026-02-05T00:00:00Z'));
    expect(JSON.parse(run.stdout)).toMatchObject({ removed: 1, kept: 1, days: 30 });
  });

  test('purging needs the pass phrase: a wrong one removes nothing', async () => {
    const dir = await tempDir();
    await vault('init', { vault: 'v.ssv' }, dir, undefined, at('2026-01-01T00:00:00Z'));
    const run = await vault('audit', { vault: 'v.ssv', purge: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: `${PASS}x` }, at('2027-01-01T00:00:00Z'));
    expect(run.code).toBe(1);
    const entries = JSON.parse((await vault('audit', { vault: 'v.ssv', json: true }, dir, {})).stdout).entries;
    expect(entries.map((e: { action: string; outcome: string }) => `${e.action} ${e.outcome}`)).toEqual(['init success', 'open failure']);
  });
});
