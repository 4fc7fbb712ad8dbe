// One output set: a scan killed (SIGKILL, a real child process) at every named point of writing and
// switching its outputs, and at random moments, leaves the old set or the new one, byte for byte, never
// new CSVs beside an old plan; the user's own files in the output folder survive every kill; the next
// scan settles what a killed one left. A scan that fails with a user error leaves the old set untouched.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateExport } from '../../bench/generate.js';
import { recoverOutput } from '../../src/scan/output-recover.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/clixml.js';
import { pool } from '../vault/crash-harness.js';
import { copyDir, leftovers, ownedOf, runScanChild, snapshot, staging, waitFor } from './output-harness.js';

type Files = Record<string, string>;
const TIME = '2026-11-23T10:00:00Z';
let root: string;
let exportDir: string;
let oldFixture: string; // a folder holding `out`: the old set and the user's files
let oldFull: Files;
let newFull: Files;

const args = (out: string) => [exportDir, '--out', out, '--scan-id', 'new', '--scan-time', TIME, '--quiet', '--concurrency', '1'];

/** A fresh copy of the old output folder; returns its `out`. */
async function oldCopy(): Promise<string> {
  const dir = await tempDir('farmscan-outset-');
  await copyDir(oldFixture, dir);
  return path.join(dir, 'out');
}

beforeAll(async () => {
  root = await tempDir('farmscan-outset-');
  exportDir = path.join(root, 'export');
  await generateExport(exportDir, { sites: 20_000, apps: 40, encoding: 'utf8' });
  oldFixture = path.join(root, 'old');
  const out = path.join(oldFixture, 'out');
  // The old set lacks the plan and the Secure Store report the new one has: a mix would show.
  expect((await runCli(['scan', exportDir, '--out', out, '--scan-id', 'old', '--scan-time', TIME, '--quiet', '--scanners', 'locked-sites'])).code).toBe(0);
  await writeFile(path.join(out, 'notes.txt'), 'my notes');
  await mkdir(path.join(out, 'mine'));
  await writeFile(path.join(out, 'mine', 'deep.txt'), 'deep');
  await writeFile(path.join(out, 'ScannerReports', 'my-review.xlsx'), 'xlsx');
  oldFull = (await snapshot(out))!;

  const fresh = await oldCopy();
  expect((await runScanChild(args(fresh))).code).toBe(0);
  newFull = (await snapshot(fresh))!;
  expect(Object.keys(newFull)).toContain('remediation-plan.json');
  expect(Object.keys(oldFull)).not.toContain('remediation-plan.json');
  for (const user of ['notes.txt', 'mine/deep.txt', 'ScannerReports/my-review.xlsx']) expect(newFull[user]).toBe(oldFull[user]);
}, 120_000);

/** Asserts the state a kill left, then what the next scan's first step makes of it. */
async function expectOneSet(out: string, rightAfter: 'old' | 'new' | 'missing' | 'either'): Promise<'old' | 'new'> {
  const owned = ownedOf(await snapshot(out));
  const which = owned === null ? 'missing' : JSON.stringify(owned) === JSON.stringify(ownedOf(oldFull)) ? 'old' : JSON.stringify(owned) === JSON.stringify(ownedOf(newFull)) ? 'new' : 'mixed';
  if (rightAfter === 'either') expect(['old', 'new', 'missing']).toContain(which);
  else expect(which).toBe(rightAfter);
  await recoverOutput(out);
  const full = await snapshot(out);
  expect(await leftovers(out, false)).toEqual([]);
  if (JSON.stringify(full) === JSON.stringify(oldFull)) return 'old';
  expect(full).toEqual(newFull);
  return 'new';
}

// In the order a scan passes them: staging made, each report written, the switch begun, each of the
// user's three entries moved into the staging folder, the old folder set aside, the new one in, the end.
const POINTS: [string, 'old' | 'new' | 'missing', 'old' | 'new'][] = [
  ['output.staging', 'old', 'old'],
  ['output.report#1', 'old', 'old'],
  ['output.report#4', 'old', 'old'],
  ['output.report#7', 'old', 'old'],
  ['output.switch', 'old', 'old'],
  ['output.move#1', 'old', 'old'],
  ['output.move#3', 'old', 'old'],
  ['output.aside', 'missing', 'old'],
  ['output.switched', 'new', 'new'],
  ['output.done', 'new', 'new'],
];

describe('a scan killed while it writes its outputs', () => {
  test.each(POINTS)('at %s: the %s set, then the %s set with every file of the user; a rerun writes the new set', async (point, rightAfter, settled) => {
    const out = await oldCopy();
    const run = await runScanChild(args(out), { env: { FARMSCAN_TEST_CRASH_AT: point } });
    expect(run.signal).toBe('SIGKILL');
    expect(await expectOneSet(out, rightAfter)).toBe(settled);
    expect((await runScanChild(args(out))).code).toBe(0); // the killed scan's lock does not hold it up
    expect(await snapshot(out)).toEqual(newFull);
    expect(await leftovers(out)).toEqual([]);
  });

  test.each([
    ['output.report#4', null],
    ['output.switch', null],
    ['output.done', 'new'],
  ] as const)('a first scan into a folder that does not exist yet, killed at %s: no folder, or the new set', async (point, expected) => {
    const out = path.join(await tempDir('farmscan-outset-'), 'out');
    expect((await runScanChild(args(out), { env: { FARMSCAN_TEST_CRASH_AT: point } })).signal).toBe('SIGKILL');
    await recoverOutput(out);
    expect(ownedOf(await snapshot(out))).toEqual(expected === null ? null : ownedOf(newFull));
    expect(await leftovers(out, false)).toEqual([]);
  });

  test('killed again while the next scan puts the old set back: still the old set', async () => {
    const out = await oldCopy();
    expect((await runScanChild(args(out), { env: { FARMSCAN_TEST_CRASH_AT: 'output.aside' } })).signal).toBe('SIGKILL');
    expect((await runScanChild(args(out), { env: { FARMSCAN_TEST_CRASH_AT: 'output.restored' } })).signal).toBe('SIGKILL');
    expect(await expectOneSet(out, 'old')).toBe('old');
  });

  test('killed at moments spread over the writing and the switch: the old set or the new one, never a mix', async () => {
    // How long the writing takes, from the staging folder's appearing to the end of the process.
    const calibrate = await oldCopy();
    let began = 0;
    const watch = waitFor(() => staging(calibrate), 30_000).then(() => (began = Date.now()));
    expect((await runScanChild(args(calibrate))).code).toBe(0);
    await watch;
    const writeMs = Date.now() - began;
    const kills = 10;
    const outcomes = await pool(
      Array.from({ length: kills }, (_, i) => async () => {
        const out = await oldCopy();
        const delay = Math.round((writeMs * 1.2 * i) / (kills - 1));
        const run = await runScanChild(args(out), { killWhen: () => waitFor(() => staging(out), 30_000).then(() => new Promise((r) => setTimeout(r, delay))) });
        expect(run.signal === 'SIGKILL' || run.code === 0).toBe(true);
        return expectOneSet(out, 'either');
      }),
      1,
    );
    expect(outcomes).toContain('old');
  }, 120_000);
});

describe('a scan that stops with a user error', () => {
  test('Ctrl-C while it writes: exit 130, the old set, no staging folder and no lock left', async () => {
    const out = await oldCopy();
    const run = await runScanChild(args(out), { killWhen: () => waitFor(() => staging(out), 30_000), signal: 'SIGINT' });
    expect(run.code).toBe(130);
    expect(await snapshot(out)).toEqual(oldFull);
    expect(await leftovers(out)).toEqual([]);
  });

  test.each(['output.report#3', 'output.switch', 'output.move#2'])('failing at %s: exit 1, one line, the old set and the user\'s files untouched, nothing left beside', async (point) => {
    const out = await oldCopy();
    const run = await runScanChild(args(out), { env: { FARMSCAN_TEST_FAIL_AT: point } });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/no space left on the device/);
    expect(await snapshot(out)).toEqual(oldFull);
    expect(await leftovers(out)).toEqual([]);
  });

  test('errors only (every export file bad): the new set is the errors set, and nothing of the old one is left', async () => {
    const bad = path.join(root, 'bad-export');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'sites.xml'), '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj RefId="0">');
    const out = await oldCopy();
    const fresh = path.join(await tempDir('farmscan-outset-'), 'out');
    const scanArgs = (o: string) => [bad, '--out', o, '--scan-id', 'errors', '--scan-time', TIME, '--quiet'];
    expect((await runScanChild(scanArgs(out))).code).toBe(2);
    expect((await runScanChild(scanArgs(fresh))).code).toBe(2);
    const files = (await snapshot(out))!;
    expect(ownedOf(files)).toEqual(await snapshot(fresh));
    expect(files['notes.txt']).toBe(oldFull['notes.txt']);
    expect(Object.keys(files)).toContain('ScanErrors.csv');
  });
});
