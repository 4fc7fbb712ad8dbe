// The audit chain shows tampering: `vault audit --verify` names the first line changed, removed,
// inserted or reordered and exits 1; purge keeps the chain verifiable; a log from before the chain is
// reported as an unchained prefix; rotate-key keeps the older entries verifiable by their links.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { auditKeyFor, macMatches } from '../../src/vault/audit-entry.js';
import { wrapMasterKey, writeVaultFile } from '../../src/vault/store.js';
import { NEW_PASS, PASS, TEST_KDF, credentialsFor, plan, replay, step, tempDir, vault, writeJson } from './helpers.js';

const at = (iso: string) => () => new Date(iso);
const logOf = (dir: string) => path.join(dir, 'v.ssv.audit.jsonl');
const readLines = async (dir: string) => (await readFile(logOf(dir), 'utf8')).trimEnd().split('\n');
const writeLines = (dir: string, lines: string[]) => writeFile(logOf(dir), lines.map((l) => `${l}\n`).join(''));
const verify = (dir: string, passphrase = PASS) => vault('audit', { vault: 'v.ssv', verify: true }, dir, { FARMSCAN_VAULT_PASSPHRASE: passphrase });

/** init, two applications replayed (create + set each), a check: seven entries. */
async function busyVault(): Promise<string> {
  const dir = await tempDir('farmscan-chain-');
  await vault('init', { vault: 'v.ssv' }, dir, undefined, at('2026-01-01T00:00:00Z'));
  const steps = [step('HR-Payroll'), step('CRM')];
  await writeJson(dir, 'plan.json', plan(steps));
  await writeJson(dir, 'creds.json', credentialsFor(steps));
  expect((await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir)).code).toBe(0);
  expect((await vault('check', { vault: 'v.ssv' }, dir)).code).toBe(0);
  expect(await readLines(dir)).toHaveLength(6);
  return dir;
}

function edit(line: string, change: (e: Record<string, unknown>) => void): string {
  const e = JSON.parse(line);
  change(e);
  return JSON.stringify(e);
}

describe('audit chain', () => {
  test('an untouched log verifies: every entry by its MAC', async () => {
    const dir = await busyVault();
    const run = await verify(dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Audit chain verified: entries #1–#6; 6 by their MAC under the current key.');
    const json = JSON.parse((await vault('audit', { vault: 'v.ssv', verify: true, json: true }, dir)).stdout);
    expect(json).toMatchObject({ verified: true, first: 1, last: 6, current: 6, beforeAnchor: 0, afterHead: 1 });
  });

  const tamperings: [string, (lines: string[]) => string[], RegExp][] = [
    ['a changed outcome', (l) => l.map((x, i) => (i === 2 ? edit(x, (e) => (e.outcome = 'failure')) : x)), /^line 3 \(audit entry #3, .*, set-credentials\) was changed or inserted: its MAC does not match$/],
    ['a changed user, MAC recomputed without the key', (l) => l.map((x, i) => (i === 1 ? edit(x, (e) => (e.user = 'mallory')) : x)), /^line 2 \(audit entry #2, .*create-application\) was changed or inserted: its MAC does not match$/],
    ['a removed entry', (l) => l.filter((_, i) => i !== 3), /^entry #4 is missing \(removed\) before line 4 \(audit entry #5, .*\): the log goes from line 3 \(audit entry #3, .*\) to it$/],
    ['two entries swapped', (l) => [l[0], l[2], l[1], ...l.slice(3)], /^line 3 \(audit entry #2, .*\) is out of place: it comes after line 2 \(audit entry #3, .*\) \(reordered\)$/],
    ['an entry copied again', (l) => [...l.slice(0, 4), l[1], ...l.slice(4)], /^line 5 \(audit entry #2, .*\) appears again after line 4 \(audit entry #4, .*\): it was inserted or reordered$/],
    ['a foreign line inserted', (l) => [...l.slice(0, 2), '{"note":"hello"}', ...l.slice(2)], /^line 3 is not an audit entry of the chain \(expected entry #3\): it was inserted or changed$/],
    ['the first entry removed', (l) => l.slice(1), /^audit entry #1, the first after the vault's anchor, is missing \(removed\) or was changed; the first chained entry is line 1 \(audit entry #2, /],
    ['the last three entries cut off the end', (l) => l.slice(0, 3), /^entry #4 is missing \(removed\) before line 4 \(audit entry #5, .*set-credentials\): the log goes from line 3 \(audit entry #3, .*\) to it$/],
    ['a line reformatted', (l) => l.map((x, i) => (i === 4 ? JSON.stringify(JSON.parse(x), null, 1).replace(/\n/g, '') : x)), /^line 5 \(audit entry #5, .*\) was changed: it is not as farmscan writes it$/],
  ];

  test.each(tamperings)('%s: verify names the first line that is wrong and exits 1', async (_what, tamper, message) => {
    const dir = await busyVault();
    await writeLines(dir, tamper(await readLines(dir)));
    const run = await verify(dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    // Besides the note that the vault's copy of its last entry was put back, one line.
    const lines = run.stderr.trim().split('\n').filter((l) => !l.includes("from the vault's copy"));
    expect(lines).toHaveLength(1);
    const prefix = `farmscan: ${logOf(dir)}: the audit chain is broken: `;
    expect(lines[0].startsWith(prefix)).toBe(true);
    expect(lines[0].slice(prefix.length)).toMatch(message);
  });

  test('the vault keeps its last change’s entry: cut off the end, it is restored and verify says so', async () => {
    const dir = await busyVault();
    const lines = await readLines(dir);
    await writeLines(dir, lines.slice(0, 4));
    const run = await verify(dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('was added to');
    expect(run.stdout).toContain("Note: the entry of the vault's last change was missing from the end of the log");
    // The genuine line is back, byte for byte; the check after it cannot be restored (it only changed the log).
    expect(await readLines(dir)).toEqual(lines.slice(0, 5));
  });

  test('verify needs the pass phrase: a wrong one is refused (and is itself audited)', async () => {
    const dir = await busyVault();
    const run = await verify(dir, `${PASS}x`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('wrong pass phrase');
    const ok = await verify(dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 failed open(s) without a MAC by the entry after them');
  });

  test('after rotate-key the older entries verify by their links; a change to one of them is caught', async () => {
    const dir = await busyVault();
    const rotateEnv = { FARMSCAN_VAULT_PASSPHRASE: PASS, FARMSCAN_NEW_VAULT_PASSPHRASE: NEW_PASS };
    expect((await vault('rotate-key', { vault: 'v.ssv' }, dir, rotateEnv)).code).toBe(0);
    const run = await verify(dir, NEW_PASS);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('entries #1–#7; 1 by their MAC under the current key, 6 of earlier key versions by their links.');
    const lines = await readLines(dir);
    await writeLines(dir, lines.map((x, i) => (i === 5 ? edit(x, (e) => (e.time = '2026-12-01T00:00:00.000Z')) : x)));
    const broken = await verify(dir, NEW_PASS);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line 6 \(audit entry #6, 2026-12-01T00:00:00.000Z, check\) was changed \(written under key version 1, so checked by this link\): line 7 \(audit entry #7, .*rotate-key\), which is authentic, was written after a different entry/);
  });

  test('purge keeps the chain verifiable: the vault’s anchor moves past the removed entries', async () => {
    const dir = await tempDir('farmscan-chain-');
    await vault('init', { vault: 'v.ssv', purgeDays: 10 }, dir, undefined, at('2026-01-01T00:00:00Z'));
    await vault('check', { vault: 'v.ssv' }, dir, undefined, at('2026-01-05T00:00:00Z'));
    await vault('check', { vault: 'v.ssv' }, dir, undefined, at('2026-01-20T00:00:00Z'));
    const purged = await vault('audit', { vault: 'v.ssv', purge: true, json: true }, dir, undefined, at('2026-01-21T00:00:00Z'));
    expect(JSON.parse(purged.stdout)).toMatchObject({ removed: 2, kept: 1 });
    const run = await verify(dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('entries #3–#4; 2 by their MAC');
    // Removing the oldest kept entry is still caught, after the purge.
    await writeLines(dir, (await readLines(dir)).slice(1));
    expect((await verify(dir)).stderr).toContain('audit entry #3, the first after the vault\'s anchor, is missing (removed)');
  });

  test('purge refuses a broken chain rather than hiding the damage', async () => {
    const dir = await busyVault();
    const lines = await readLines(dir);
    await writeLines(dir, lines.filter((_, i) => i !== 2));
    const run = await vault('audit', { vault: 'v.ssv', purge: true, purgeDays: 0 }, dir, undefined, at('2027-01-01T00:00:00Z'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not purged, the audit chain is broken: entry #3 is missing/);
    expect((await readLines(dir)).length).toBe(lines.length); // the refusal is audited, nothing removed
  });

  test('a version-1 vault and its log: the old lines are an unchained prefix, the chain starts after them', async () => {
    const dir = await tempDir('farmscan-chain-');
    const masterKey = randomBytes(32);
    const header = { vaultId: randomUUID(), createdAt: '2025-06-01T00:00:00.000Z', keyVersion: 1, auditPurgeDays: 30, applications: [], audit: null };
    await writeVaultFile(path.join(dir, 'v.ssv'), await wrapMasterKey(header, masterKey, PASS, TEST_KDF.create), masterKey);
    expect(JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8')).version).toBe(1);
    const legacy = [
      { time: '2025-06-01T00:00:00.000Z', action: 'init', application: null, user: 'ops', outcome: 'success' },
      { time: '2025-06-02T00:00:00.000Z', action: 'check', application: null, user: 'ops', outcome: 'success' },
    ].map((e) => JSON.stringify(e));
    await writeLines(dir, legacy);
    const first = await verify(dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('no chained entries yet');
    expect(first.stdout).toContain('2 line(s) before the chain\'s anchor (written before the chain existed, or left by an interrupted purge) are not covered');
    // The first change upgrades the vault to version 2; the chain starts after the old lines.
    const steps = [step('HR-Payroll')];
    await writeJson(dir, 'plan.json', plan(steps));
    await writeJson(dir, 'creds.json', credentialsFor(steps));
    expect((await replay({ planPath: 'plan.json', target: 'file:v.ssv', credentialsPath: 'creds.json' }, dir)).code).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'v.ssv'), 'utf8')).version).toBe(2);
    const after = await verify(dir);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('entries #1–#2; 2 by their MAC');
    expect((await readLines(dir)).slice(0, 2)).toEqual(legacy);
    const printed = JSON.parse((await vault('audit', { vault: 'v.ssv', json: true }, dir, {})).stdout);
    expect(printed.entries.map((e: { action: string }) => e.action)).toEqual(['init', 'check', 'create-application', 'set-credentials']);
    // Here the test knows the master key: neither it nor the chain's key derived from it is in any file or output.
    const keys = [masterKey, auditKeyFor(masterKey)].flatMap((k) => [k.toString('base64').slice(0, 40), k.toString('hex'), k.toString('latin1')]);
    const seen = [await readFile(logOf(dir), 'latin1'), await readFile(path.join(dir, 'v.ssv'), 'latin1'), after.stdout + after.stderr, JSON.stringify(printed)];
    expect(keys.filter((k) => seen.some((text) => text.includes(k)))).toEqual([]);
    // The oracle works: the key's MAC does verify the entries, so it is the key in use.
    const entry = JSON.parse((await readLines(dir))[2]);
    expect(macMatches(entry, { auditKey: auditKeyFor(masterKey), keyVersion: 1 })).toBe(true);
  });
});
